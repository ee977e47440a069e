/** The city plan's four scenes plus the ACP and center groups, in display order. */
export const SCENES = ['daily', 'admission', 'emergency', 'eol', 'acp', 'center'] as const;
export type Scene = (typeof SCENES)[number];
