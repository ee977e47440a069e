/** The coordinator console: what the runtime and createApp need. */
export { consoleRoutes } from './routes.tsx';
export { ensureInitialStaff } from './initial-staff.ts';
export { audit, type AuditAction } from './audit.ts';
export { createConsoleStore, type ConsoleStore } from '../db/console-store.ts';
