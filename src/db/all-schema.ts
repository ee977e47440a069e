/**
 * Every table of the database, from all schema modules, for code that must cover each one
 * (key rotation finds the sealed columns here). A new schema module is added here too.
 */
export * from './schema.ts';
export * from './schema-console.ts';
export * from '../features/consultation/schema.ts';
export * from '../features/outreach/schema.ts';
export * from '../features/acp-note/schema.ts';
export * from '../features/directory/schema.ts';
