/**
 * The schema of flows/intents.yaml (checked when content is built, not at run time).
 */
import { z } from 'zod';

export const intentFileSchema = z
  .record(
    z.enum(['menu', 'cancel', 'back', 'person', 'delete-data', 'language', 'help', 'thanks', 'greeting']),
    z
      .object({
        /** The whole message must be one of these (short words like 「もどる」 inside a sentence mean nothing). */
        exact: z.array(z.string().min(1)).default([]),
        /** The message contains one of these (longer phrases that are unambiguous). */
        contains: z.array(z.string().min(2)).default([]),
      })
      .strict(),
  );
export type IntentFile = z.infer<typeof intentFileSchema>;

