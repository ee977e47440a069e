/**
 * The dev-mode app served for the browser, with the demo accounts the runtime creates at
 * start (the console is mounted by createApp, the accounts by createNodeApp).
 */
import { startDevServer, type DevServer } from './dev-server.ts';
import { ensureInitialStaff, type InitialStaffResult } from '../../../src/console/initial-staff.ts';
import { createConsoleStore } from '../../../src/db/console-store.ts';

export interface ConsoleServer extends DevServer {
  demo: NonNullable<InitialStaffResult['demo']>;
}

export async function startConsoleServer(env: Record<string, string> = {}): Promise<ConsoleServer> {
  const server = await startDevServer(env);
  // Already created at start; asking again returns the demo credentials and creates nothing.
  const { demo } = await ensureInitialStaff(server.node.deps, createConsoleStore(server.node.deps.store.db), env, { print: () => undefined });
  return { ...server, demo: demo! };
}
