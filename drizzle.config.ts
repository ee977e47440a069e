import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: [
    './src/db/schema.ts',
    './src/db/schema-console.ts',
    './src/features/consultation/schema.ts',
    './src/features/outreach/schema.ts',
    './src/features/acp-note/schema.ts',
    './src/features/directory/schema.ts',
  ],
  out: './drizzle',
});
