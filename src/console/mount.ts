/**
 * What a feature's routes module gets from consoleRoutes when it is mounted there: the page
 * frame and the sign-in/role guard, so every console page shares one session and CSRF check.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { StaffRole } from '../db/console-store.ts';
import type { Frame } from './pages.tsx';
import type { ConsoleEnv } from './session.ts';

export interface ConsoleMount {
  frame(c: Context<ConsoleEnv>): Frame;
  signedIn(role?: StaffRole): MiddlewareHandler<ConsoleEnv>;
}
