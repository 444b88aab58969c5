import { type Db, type RolloutTargetState, sql } from '@ilumen/db';
import type { OtaStatusPayload } from '@ilumen/mqtt-contract';
import { withRetry } from '../../energy/retry';

/** One `ota/status` message as the ingest received it. */
export interface OtaStatusItem {
  gatewayId: number;
  payload: OtaStatusPayload;
}

const STATE_OF: Record<OtaStatusPayload['step'], RolloutTargetState> = {
  downloading: 'downloading',
  verifying: 'verifying',
  installing: 'installing',
  rebooting: 'rebooting',
  healthy: 'healthy',
  'rolled-back': 'rolled_back',
  failed: 'failed',
};

const RANK: Record<RolloutTargetState, number> = {
  pending: 0,
  cancelled: 0,
  skipped: 0,
  sent: 1,
  downloading: 2,
  verifying: 3,
  installing: 4,
  rebooting: 5,
  timed_out: 5,
  healthy: 6,
  failed: 6,
  rolled_back: 6,
};

export const TERMINAL_STATES: RolloutTargetState[] = [
  'healthy',
  'failed',
  'rolled_back',
  'timed_out',
  'skipped',
  'cancelled',
];

/**
 * Whether a gateway's step moves a target on. Steps arrive at least once and possibly late (the outbox replays after
 * a restart), so only forward moves count; the gateway's own final word replaces a timeout we declared, and a
 * target whose instruction went out just as the rollout was aborted still records what the gateway did.
 */
export function advances(current: RolloutTargetState, next: RolloutTargetState): boolean {
  if (current === 'timed_out') return next === 'healthy' || next === 'failed' || next === 'rolled_back';
  if (current === 'cancelled') return true;
  if (current === 'downloading' && next === 'downloading') return true;
  return RANK[next] > RANK[current];
}

export interface ApplyResult {
  applied: number;
  ignored: number;
}

/**
 * `ota/status` messages onto their rollout targets, in one transaction per batch: the target's state, progress and
 * reason move forward, each step change gets a log line. Messages for a rollout or gateway that is not a target
 * (another platform's, a forged id), or for another version than the rollout's, are ignored.
 */
export async function applyOtaStatuses(
  db: Db,
  items: readonly OtaStatusItem[],
  receivedAt: Date,
): Promise<ApplyResult> {
  const byRollout = new Map<number, OtaStatusItem[]>();
  let ignored = 0;
  for (const item of items) {
    const rolloutId = /^\d{1,15}$/.test(item.payload.rolloutId) ? Number(item.payload.rolloutId) : 0;
    if (rolloutId <= 0) {
      ignored++;
      continue;
    }
    byRollout.set(rolloutId, [...(byRollout.get(rolloutId) ?? []), item]);
  }
  const refused = ignored;
  // a deadlock with the engine (both lock target rows) is retried from the start, with fresh counts
  const counts = await withRetry(() =>
    db.transaction().execute(async (trx) => {
      let applied = 0;
      let ignored = refused;
      for (const [rolloutId, batch] of byRollout) {
        const release = await trx
          .selectFrom('rollouts as r')
          .innerJoin('firmware_releases as f', 'f.id', 'r.release_id')
          .select('f.version')
          .where('r.id', '=', rolloutId)
          .executeTakeFirst();
        if (!release) {
          ignored += batch.length;
          continue;
        }
        const gatewayIds = [...new Set(batch.map((b) => b.gatewayId))];
        const rows = await trx
          .selectFrom('rollout_targets')
          .select([
            'gateway_id',
            'wave_no',
            'timezone',
            'state',
            'progress_pct',
            'last_step_at',
            'finished_at',
            'reason',
          ])
          .where('rollout_id', '=', rolloutId)
          .where('gateway_id', 'in', gatewayIds)
          .forUpdate()
          .execute();
        const targets = new Map(rows.map((r) => [r.gateway_id, { ...r, changed: false }]));
        const log: Array<{
          rollout_id: number;
          gateway_id: number;
          at: Date;
          step: string;
          detail: string | null;
        }> = [];
        for (const { gatewayId, payload } of batch) {
          const t = targets.get(gatewayId);
          if (!t || payload.version !== release.version) {
            ignored++;
            continue;
          }
          const next = STATE_OF[payload.step];
          if (!advances(t.state, next)) {
            ignored++;
            continue;
          }
          const at = new Date(payload.ts);
          const stepChanged = t.state !== next;
          t.state = next;
          t.progress_pct =
            payload.step === 'downloading'
              ? Math.round(payload.progressPct)
              : next === 'healthy'
                ? 100
                : t.progress_pct;
          t.last_step_at = receivedAt;
          if (TERMINAL_STATES.includes(next)) t.finished_at = receivedAt;
          if (payload.step === 'failed' || payload.step === 'rolled-back')
            t.reason = payload.reason.slice(0, 1000);
          t.changed = true;
          applied++;
          if (stepChanged)
            log.push({
              rollout_id: rolloutId,
              gateway_id: gatewayId,
              at,
              step: next,
              detail: 'reason' in payload ? payload.reason.slice(0, 1000) : null,
            });
        }
        const changed = [...targets.values()].filter((t) => t.changed);
        if (changed.length > 0) {
          // one statement for the whole batch: every row exists (locked above), so this only updates
          await trx
            .insertInto('rollout_targets')
            .values(
              changed.map((t) => ({
                rollout_id: rolloutId,
                gateway_id: t.gateway_id,
                wave_no: t.wave_no,
                timezone: t.timezone,
                state: t.state,
                progress_pct: t.progress_pct,
                last_step_at: t.last_step_at,
                finished_at: t.finished_at,
                reason: t.reason,
              })),
            )
            .onDuplicateKeyUpdate({
              state: sql`VALUES(state)`,
              progress_pct: sql`VALUES(progress_pct)`,
              last_step_at: sql`VALUES(last_step_at)`,
              finished_at: sql`VALUES(finished_at)`,
              reason: sql`VALUES(reason)`,
            })
            .execute();
        }
        if (log.length > 0) await trx.insertInto('rollout_log').values(log).execute();
      }
      return { applied, ignored };
    }),
  );
  return counts;
}
