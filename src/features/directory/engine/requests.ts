/**
 * The directory's requests (the `do` steps of flows/directory.yaml) and what they answer,
 * spread into the engine's request contract (engine/types.ts) as the ACP note's are.
 */
import type { CenterCard, PlaceCard, PlaceKind } from './place.ts';

export const DIRECTORY_REQUESTS = ['directory-areas', 'directory-search'] as const;

/** A search's answer, as the chat shows it (a Flex carousel: line/render.ts). */
export type DirectoryView = {
  mode: 'area' | 'near';
  kind: PlaceKind;
  /** The 町名 searched (area mode). */
  area?: string;
  items: PlaceCard[];
  center: CenterCard | null;
  /** The oldest date among the sources of the places shown (YYYY-MM-DD): the data is no newer. */
  dataDate: string | null;
};
