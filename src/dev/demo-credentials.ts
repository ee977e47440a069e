/**
 * The demo coordinator's console login, shown on the simulator page so an evaluator can
 * answer a consultation as the center would. Set at start by the Node entry in dev mode
 * (runtime/node-deps.ts) from what `ensureInitialStaff` created; never a real account.
 */
import type { DemoCredentials } from '../console/initial-staff.ts';

export type { DemoCredentials };

let coordinator: DemoCredentials | undefined;
let admin: DemoCredentials | undefined;

/** Called by the Node entry in dev mode once the demo accounts exist. */
export function setDemoCredentials(demoCoordinator: DemoCredentials | undefined, demoAdmin?: DemoCredentials): void {
  coordinator = demoCoordinator;
  admin = demoAdmin;
}

/** The demo coordinator's login (dev mode, after start), else undefined. */
export function demoCredentials(): DemoCredentials | undefined {
  return coordinator;
}

/** The demo admin's login (dev mode, after start), else undefined. */
export function demoAdminCredentials(): DemoCredentials | undefined {
  return admin;
}
