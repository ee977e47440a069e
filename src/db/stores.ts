/**
 * Every store over one database, built once when the app is assembled (app/assemble.ts) and
 * carried on AppDeps, so handlers and routes share them instead of building their own.
 * On Workers that is once per request, as the database client is (runtime/worker.ts).
 */
import type { Sealer } from '../shared/crypto.ts';
import { type AcpStore, createAcpStore } from '../features/acp-note/store.ts';
import { type AnnouncementStore, createAnnouncementStore } from '../features/outreach/announcement-store.ts';
import { type CaseConsoleStore, createCaseConsoleStore } from '../features/consultation/case-console-store.ts';
import { type CaseStore, createCaseStore } from '../features/consultation/case-store.ts';
import type { Db } from './client.ts';
import { type ConsoleStore, createConsoleStore } from './console-store.ts';
import { createEffectHandlers } from './effects.ts';
import { createOutreachStore, type OutreachStore } from '../features/outreach/store.ts';
import { createStore, type Store } from './store.ts';
import { createDirectoryStore, type DirectoryStore } from '../features/directory/store.ts';

export interface Stores {
  /** Cases from the chat's side: opening, transcripts, invite codes. */
  cases: CaseStore;
  /** Cases from the console's side. */
  caseConsole: CaseConsoleStore;
  acp: AcpStore;
  outreach: OutreachStore;
  announcements: AnnouncementStore;
  /** Staff, sessions, sign-in limits, the audit log. */
  console: ConsoleStore;
  /** The local directory of home-visit services (features/directory/). */
  directory: DirectoryStore;
}

/** The conversation store (`store`, whose commit writes the engine's effects) and the others. */
export function createStores(db: Db, sealer: Sealer): { store: Store; stores: Stores } {
  const cases = createCaseStore(db, sealer);
  const acp = createAcpStore(db, sealer);
  return {
    store: createStore(db, sealer, createEffectHandlers(db, sealer, { cases, acp })),
    stores: {
      cases,
      caseConsole: createCaseConsoleStore(db, sealer),
      acp,
      outreach: createOutreachStore(db),
      announcements: createAnnouncementStore(db),
      console: createConsoleStore(db),
      directory: createDirectoryStore(db),
    },
  };
}
