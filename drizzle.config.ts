import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: [
    './src/db/schema.ts',
    './src/db/schema-console.ts',
    './src/db/schema-cases.ts',
    './src/db/schema-outreach.ts',
    './src/db/schema-acp.ts',
    './src/features/directory/schema.ts',
  ],
  out: './drizzle',
});
