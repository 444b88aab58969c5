import { join } from 'node:path';
import { z } from 'zod';
import { readFileIfExists, writeFileAtomic } from '../runtime/atomic-file';
import { healthBaselineSchema } from './health-check';

const slot = z.enum(['a', 'b']);

/** A new version being tried: written before the switch, cleared once it is healthy or rolled back. */
const trialSchema = z.object({
  rolloutId: z.string(),
  version: z.string(),
  fromVersion: z.string(),
  fromSlot: slot.nullable(),
  toSlot: slot,
  /** Clock ms the switch was made. */
  switchedAt: z.number(),
  /** Starts of the new version its own updater counted; one that keeps restarting unchecked is rolled back. */
  boots: z.int().nonnegative(),
  /** Starts the launcher made (counted before the new code runs, so a version that cannot even start is caught). */
  launches: z.int().nonnegative().default(0),
  baseline: healthBaselineSchema,
});
export type Trial = z.infer<typeof trialSchema>;

/** A status to send once the gateway runs again (the launcher rolled back; it cannot publish itself). */
const pendingReportSchema = z.object({
  rolloutId: z.string(),
  version: z.string(),
  step: z.enum(['rolled-back', 'failed']),
  reason: z.string(),
});

const lastSchema = z.object({
  rolloutId: z.string(),
  version: z.string(),
  result: z.enum(['healthy', 'rolled-back', 'failed']),
  reason: z.string().optional(),
  at: z.number(),
});

/** An instruction acted on, remembered until it would be refused as expired anyway (decision 063). */
const seenSchema = z.object({ id: z.string(), forgetAt: z.number() });

export const otaStateSchema = z.object({
  v: z.literal(1),
  trial: trialSchema.nullable(),
  pending: pendingReportSchema.nullable(),
  last: lastSchema.nullable(),
  /** Ids of the instructions taken (a state file from before decision 063 has none). */
  seen: z.array(seenSchema).default([]),
});
export type OtaState = z.infer<typeof otaStateSchema>;

const EMPTY: OtaState = { v: 1, trial: null, pending: null, last: null, seen: [] };

/** `<root>/state.json`, written atomically; a missing or unreadable file is the empty state (and says so). */
export class OtaStateFile {
  readonly path: string;
  constructor(root: string) {
    this.path = join(root, 'state.json');
  }

  load(): { state: OtaState; problem?: string } {
    const text = readFileIfExists(this.path);
    if (text === undefined) return { state: { ...EMPTY } };
    try {
      const parsed = otaStateSchema.safeParse(JSON.parse(text));
      if (parsed.success) return { state: parsed.data };
      return { state: { ...EMPTY }, problem: parsed.error.message };
    } catch (err) {
      return { state: { ...EMPTY }, problem: (err as Error).message };
    }
  }

  save(state: OtaState): void {
    writeFileAtomic(this.path, `${JSON.stringify(state)}\n`);
  }
}
