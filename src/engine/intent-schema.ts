/**
 * The schema of flows/intents.yaml (checked when content is built, not at run time).
 */
import { z } from 'zod';
import { ACP_OPS } from '../features/acp-note/engine/types.ts';
import { GLOBAL_COMMANDS } from './types.ts';
import { PLACE_KINDS } from '../features/directory/engine/place.ts';

const INTENT_COMMANDS = GLOBAL_COMMANDS;

const phrases = z
  .object({
    /** The whole message must be one of these (short words like 「もどる」 inside a sentence mean nothing). */
    exact: z.array(z.string().min(1)).default([]),
    /** The message contains one of these (longer phrases that are unambiguous). */
    contains: z.array(z.string().min(2)).default([]),
  })
  .strict();

export const intentFileSchema = z
  .object({
    ...(Object.fromEntries(INTENT_COMMANDS.map((c) => [c, phrases.optional()])) as Record<(typeof INTENT_COMMANDS)[number], z.ZodOptional<typeof phrases>>),
    /** Words that start a flow from any state (e.g. 「想いノート」 → acp-note); flow ids are checked. */
    start: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), phrases).default({}),
    /**
     * The ACP note's typed commands (中断, 見直す…), checked before the global ones while the
     * note is open: each names the op it runs (features/acp-note/engine/note.ts).
     */
    'acp-note': z.partialRecord(z.enum(ACP_OPS), phrases).default({}),
    /** What people type when they look for help near them (「近くの訪問看護」): each names the kind of place (features/directory/). */
    directory: z.partialRecord(z.enum([...PLACE_KINDS, 'any']), phrases).default({}),
  })
  .strict();
export type IntentFile = z.infer<typeof intentFileSchema>;
