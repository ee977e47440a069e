/**
 * The demo coordinator's console login, shown on the simulator page so an evaluator can
 * answer a consultation as the center would. Set at start by `ensureInitialStaff` in dev
 * mode only (src/console/initial-staff.ts); never a real account.
 */
export interface DemoCredentials {
  loginId: string;
  password: string;
}

let coordinator: DemoCredentials | undefined;
let admin: DemoCredentials | undefined;

/** Called by ensureInitialStaff in dev mode once the demo accounts exist. */
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
