/**
 * The demo coordinator's console login, shown on the simulator page so an evaluator can
 * answer a consultation as the center would.
 *
 * Placeholder: the console and the dev-mode demo seed do not exist yet. When the seed creates
 * the demo coordinator, return its login here (dev mode only; never a real account).
 */
export interface DemoCredentials {
  loginId: string;
  password: string;
}

export function demoCredentials(): DemoCredentials | undefined {
  return undefined;
}
