/**
 * The features that extend the engine's kernel, in the order they are asked: a case open with
 * a coordinator takes a message before the ACP note sees it. A new feature is a folder with an
 * `EngineFeature` (kernel/feature.ts) and one line here; the kernel never imports a feature.
 */
import { acpNoteFeature } from '../features/acp-note/engine/note.ts';
import { handoffFeature } from '../features/consultation/engine.ts';
import type { EngineFeature } from './kernel/index.ts';
import { outreachFeature } from '../features/outreach/engine.ts';
import { directoryFeature } from '../features/directory/engine/feature.ts';

export const ENGINE_FEATURES: readonly EngineFeature[] = [handoffFeature, acpNoteFeature, outreachFeature, directoryFeature];
