import { randomUUID } from 'node:crypto';
import {
  type Database,
  type Db,
  type RolloutRow,
  type RolloutWaveRow,
  readJson,
  sql,
  type Transaction,
  writeJson,
} from '@ilumen/db';
import { coded } from '@ilumen/i18n';
import { encode, topics } from '@ilumen/mqtt-contract';
import type { Redis } from 'ioredis';
import type { Clock, GatewayLink } from '../../deps';
import { withRetry } from '../../energy/retry';
import { p1Flowing, type WaveHealth, waveGate } from './health';
import { FAILED_STATES, IN_FLIGHT_STATES } from './targets';
import { inWindow, type MaintenanceWindow, maintenanceWindowSchema } from './window';

/** How long an `ota` instruction stays valid; the gateway refuses it afterwards, and a replay of it at any time. */
const OTA_VALID_MS = 3600_000;

export interface RolloutEngineDeps {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  clock: Clock;
  /** How `ota` reaches gateways; without it nothing is dispatched (the rollout waits). */
  link?: GatewayLink;
  logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Parallel publishes while dispatching (each waits for the broker's PUBACK). */
  publishConcurrency?: number;
}

export interface StepResult {
  rolloutId: number;
  dispatched: number;
  timedOut: number;
  sendFailed: number;
  event: 'none' | 'paused' | 'soaking' | 'wave_passed' | 'wave_failed' | 'completed';
}

type Trx = Transaction<Database>;

/** The window state a rollout row carries (validated when it was created). */
function windowOf(r: RolloutRow): MaintenanceWindow | null {
  const raw = readJson(r.window);
  if (!raw) return null;
  const parsed = maintenanceWindowSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export function acceptedFailures(wave: Pick<RolloutWaveRow, 'health'>): number {
  const h = readJson<{ accepted?: { failures?: number } }>(wave.health);
  return h?.accepted?.failures ?? 0;
}

async function log(
  trx: Db | Trx,
  rows: Array<{
    rollout_id: number;
    gateway_id?: number | null;
    at: Date;
    step: string;
    detail?: string | null;
  }>,
) {
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('rollout_log')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          rollout_id: r.rollout_id,
          gateway_id: r.gateway_id ?? null,
          at: r.at,
          step: r.step,
          detail: r.detail ?? null,
        })),
      )
      .execute();
  }
}

export { log as writeRolloutLog };

/** A wave starts: its gateways may be sent the update from now on. */
export async function dispatchWave(trx: Trx, rolloutId: number, waveNo: number, now: Date): Promise<void> {
  await trx
    .updateTable('rollout_waves')
    .set({ status: 'dispatching', started_at: now })
    .where('rollout_id', '=', rolloutId)
    .where('wave_no', '=', waveNo)
    .execute();
}

/** A wave starts and the rollout's log says so, with its size. */
async function startWave(
  trx: Trx,
  rolloutId: number,
  wave: Pick<RolloutWaveRow, 'wave_no' | 'target_count' | 'pct'>,
  now: Date,
): Promise<void> {
  await dispatchWave(trx, rolloutId, wave.wave_no, now);
  await log(trx, [
    {
      rollout_id: rolloutId,
      at: now,
      step: 'wave.start',
      detail: coded('rollouts.log.waveStart', {
        wave: wave.wave_no + 1,
        targets: wave.target_count,
        pct: Number(wave.pct),
      }),
    },
  ]);
}

/**
 * Moves rollouts on (run by the `rollouts.tick` job every few seconds, and at once after a change by hand). Per running
 * rollout: time out gateways that stopped answering, pause when the current wave's failures pass the threshold,
 * send `ota` to the next gateways of the wave (online ones, inside the site-local maintenance window, at most the rate
 * per minute), start the soak once the wave is through, and at its end pass the wave through the health gate: on to
 * the next wave, or pause. Each step locks the rollout row, so ticks in several workers never double-send.
 */
export class RolloutEngine {
  constructor(private readonly deps: RolloutEngineDeps) {}

  async tick(): Promise<StepResult[]> {
    const running = await this.deps.db
      .selectFrom('rollouts')
      .select('id')
      .where('status', '=', 'running')
      .orderBy('id')
      .execute();
    const out: StepResult[] = [];
    for (const { id } of running) out.push(await this.step(id));
    return out;
  }

  async step(rolloutId: number): Promise<StepResult> {
    const result: StepResult = { rolloutId, dispatched: 0, timedOut: 0, sendFailed: 0, event: 'none' };
    const now = this.deps.clock.now();
    // each phase is one transaction; a deadlock with the ingest's status writes is retried from the start
    const plan = await withRetry(() =>
      this.deps.db.transaction().execute((trx) => this.claim(trx, rolloutId, now, result)),
    );
    if (!plan) return result;
    if (plan.claimed.length > 0) await this.send(plan.rollout, plan.release, plan.claimed, now, result);
    await withRetry(() =>
      this.deps.db.transaction().execute((trx) => this.progress(trx, rolloutId, now, result)),
    );
    if (result.dispatched || result.timedOut || result.event !== 'none')
      this.deps.logger?.info({ rollout_id: rolloutId, ...result }, 'rollout step');
    return result;
  }

  /** Phase 1, under the rollout's lock: timeouts, the failure threshold, and the targets to send to now. */
  private async claim(trx: Trx, rolloutId: number, now: Date, result: StepResult) {
    const r = await trx
      .selectFrom('rollouts')
      .selectAll()
      .where('id', '=', rolloutId)
      .forUpdate()
      .executeTakeFirst();
    if (r?.status !== 'running') return null;
    const release = await trx
      .selectFrom('firmware_releases')
      .selectAll()
      .where('id', '=', r.release_id)
      .executeTakeFirstOrThrow();
    const wave = await trx
      .selectFrom('rollout_waves')
      .selectAll()
      .where('rollout_id', '=', rolloutId)
      .where('wave_no', '=', r.current_wave)
      .executeTakeFirstOrThrow();

    result.timedOut = await this.timeOut(trx, r, now);

    if (wave.status === 'pending') {
      await startWave(trx, rolloutId, wave, now);
      wave.status = 'dispatching';
    }

    const failures = await trx
      .selectFrom('rollout_targets')
      .select(sql<number>`count(*)`.as('n'))
      .where('rollout_id', '=', rolloutId)
      .where('wave_no', '=', wave.wave_no)
      .where('state', 'in', [...FAILED_STATES])
      .executeTakeFirstOrThrow();
    const counted = Number(failures.n) - acceptedFailures(wave);
    if (wave.target_count > 0 && (counted * 100) / wave.target_count > r.max_failure_pct) {
      const reason = coded('rollouts.log.waveFailures', {
        wave: wave.wave_no + 1,
        failed: counted,
        targets: wave.target_count,
        max: Number(r.max_failure_pct),
      });
      await trx
        .updateTable('rollouts')
        .set({ status: 'paused', pause_reason: reason, paused_by_user_id: null, updated_at: now })
        .where('id', '=', rolloutId)
        .execute();
      await log(trx, [{ rollout_id: rolloutId, at: now, step: 'paused.auto', detail: reason }]);
      result.event = 'paused';
      return null;
    }

    // the rate is a sliding minute, refilled in proportion to the time since the last send, so a tick every few
    // seconds spreads a minute's gateways over it instead of sending them all at once
    const recent = await trx
      .selectFrom('rollout_targets')
      .select([sql<number>`count(*)`.as('n'), sql<Date | null>`max(sent_at)`.as('last')])
      .where('rollout_id', '=', rolloutId)
      .where('sent_at', '>', new Date(now.getTime() - 60_000))
      .executeTakeFirstOrThrow();
    const sinceLastMs = recent.last ? now.getTime() - new Date(recent.last).getTime() : 10_000;
    const refill = Math.max(1, Math.ceil((r.rate_per_minute * Math.min(60_000, sinceLastMs)) / 60_000));
    const budget = Math.min(r.rate_per_minute - Number(recent.n), refill);
    if (budget <= 0 || !this.deps.link) return { rollout: r, release, claimed: [] };

    const window = windowOf(r);
    const zones = await trx
      .selectFrom('rollout_targets')
      .select('timezone')
      .distinct()
      .where('rollout_id', '=', rolloutId)
      .where('wave_no', '<=', wave.wave_no)
      .where('state', '=', 'pending')
      .execute();
    const open = zones.map((z) => z.timezone).filter((tz) => inWindow(window, tz, now));
    if (open.length === 0) return { rollout: r, release, claimed: [] };

    const claimed = await trx
      .selectFrom('rollout_targets as t')
      .innerJoin('gateways as g', 'g.id', 't.gateway_id')
      .select(['t.gateway_id', 't.site_id', 'g.serial'])
      .where('t.rollout_id', '=', rolloutId)
      .where('t.wave_no', '<=', wave.wave_no)
      .where('t.state', '=', 'pending')
      .where('g.online', '=', true)
      .where('t.timezone', 'in', open)
      .orderBy('t.wave_no')
      .orderBy('t.gateway_id')
      .limit(budget)
      .execute();
    if (claimed.length === 0) return { rollout: r, release, claimed };
    for (let i = 0; i < claimed.length; i += 1000) {
      await trx
        .updateTable('rollout_targets')
        .set({ state: 'sent', sent_at: now, last_step_at: now, progress_pct: null })
        .where('rollout_id', '=', rolloutId)
        .where(
          'gateway_id',
          'in',
          claimed.slice(i, i + 1000).map((c) => c.gateway_id),
        )
        .where('state', '=', 'pending')
        .execute();
    }
    await log(
      trx,
      claimed.map((c) => ({
        rollout_id: rolloutId,
        gateway_id: c.gateway_id,
        at: now,
        step: 'sent',
        detail: null,
      })),
    );
    return { rollout: r, release, claimed };
  }

  /**
   * Gateways that stopped moving: no step within the step timeout, or not back healthy within the online timeout.
   * Found without locking (a range lock here would deadlock with the ingest), then moved only if still stalled.
   */
  private async timeOut(trx: Trx, r: RolloutRow, now: Date): Promise<number> {
    const stepCutoff = new Date(now.getTime() - r.step_timeout_s * 1000);
    const onlineCutoff = new Date(now.getTime() - r.online_timeout_s * 1000);
    const stalled = await trx
      .selectFrom('rollout_targets')
      .select(['gateway_id', 'state'])
      .where('rollout_id', '=', r.id)
      .where((eb) =>
        eb.or([
          eb.and([
            eb('state', 'in', ['sent', 'downloading', 'verifying', 'installing']),
            eb('last_step_at', '<', stepCutoff),
          ]),
          eb.and([eb('state', '=', 'rebooting'), eb('last_step_at', '<', onlineCutoff)]),
        ]),
      )
      .execute();
    if (stalled.length === 0) return 0;
    const why = (state: string) =>
      state === 'rebooting'
        ? coded('rollouts.reason.notBackOnline', { minutes: Math.round(r.online_timeout_s / 60) })
        : state === 'sent'
          ? coded('rollouts.reason.noAnswer', { minutes: Math.round(r.step_timeout_s / 60) })
          : coded('rollouts.reason.stuck', { step: state, minutes: Math.round(r.step_timeout_s / 60) });
    const moved: Array<{ gateway_id: number; state: string }> = [];
    for (const state of new Set(stalled.map((s) => s.state))) {
      const ids = stalled.filter((s) => s.state === state).map((s) => s.gateway_id);
      await trx
        .updateTable('rollout_targets')
        .set({ state: 'timed_out', finished_at: now, last_step_at: now, reason: why(state) })
        .where('rollout_id', '=', r.id)
        .where('gateway_id', 'in', ids)
        .where('state', '=', state)
        .where('last_step_at', '<', state === 'rebooting' ? onlineCutoff : stepCutoff)
        .execute();
      // only those still stalled were moved (a step may have arrived in between)
      const done = await trx
        .selectFrom('rollout_targets')
        .select('gateway_id')
        .where('rollout_id', '=', r.id)
        .where('gateway_id', 'in', ids)
        .where('state', '=', 'timed_out')
        .where('finished_at', '=', now)
        .execute();
      moved.push(...done.map((d) => ({ gateway_id: d.gateway_id, state })));
    }
    await log(
      trx,
      moved.map((s) => ({
        rollout_id: r.id,
        gateway_id: s.gateway_id,
        at: now,
        step: 'timed_out',
        detail: why(s.state),
      })),
    );
    return moved.length;
  }

  /** Phase 2, without a lock: note each home's P1 state before, then publish; what the broker refuses goes back. */
  private async send(
    r: RolloutRow,
    release: { version: string; artifact_url: string; size_bytes: number; sha256: string; signature: string },
    claimed: Array<{ gateway_id: number; site_id: number | null; serial: string }>,
    now: Date,
    result: StepResult,
  ) {
    const { db, link } = this.deps;
    if (!link) return;
    const p1 = await p1Flowing(
      this.deps.redis,
      this.deps.redisPrefix,
      [...new Set(claimed.flatMap((c) => (c.site_id === null ? [] : [c.site_id])))],
      now,
    );
    const byValue = new Map<string, number[]>();
    for (const c of claimed) {
      const key = JSON.stringify({ p1: c.site_id === null ? null : (p1.get(c.site_id) ?? null) });
      byValue.set(key, [...(byValue.get(key) ?? []), c.gateway_id]);
    }
    for (const [value, ids] of byValue) {
      await db
        .updateTable('rollout_targets')
        .set({ domain_before: value })
        .where('rollout_id', '=', r.id)
        .where('gateway_id', 'in', ids)
        .execute();
    }
    const payload = encode('ota', {
      v: 1,
      id: randomUUID(),
      rolloutId: String(r.id),
      version: release.version,
      url: release.artifact_url,
      sizeBytes: Number(release.size_bytes),
      sha256: release.sha256,
      signature: release.signature,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + OTA_VALID_MS).toISOString(),
    });
    const failed: Array<{ gateway_id: number; error: string }> = [];
    const concurrency = this.deps.publishConcurrency ?? 200;
    for (let i = 0; i < claimed.length; i += concurrency) {
      await Promise.all(
        claimed.slice(i, i + concurrency).map(async (c) => {
          try {
            await link.publish(topics.ota(c.serial), payload, { qos: 1, retain: false });
          } catch (err) {
            failed.push({ gateway_id: c.gateway_id, error: (err as Error).message });
          }
        }),
      );
    }
    result.dispatched = claimed.length - failed.length;
    result.sendFailed = failed.length;
    if (failed.length > 0) {
      await db
        .updateTable('rollout_targets')
        .set({ state: 'pending', sent_at: null, last_step_at: null })
        .where('rollout_id', '=', r.id)
        .where(
          'gateway_id',
          'in',
          failed.map((f) => f.gateway_id),
        )
        .where('state', '=', 'sent')
        .execute();
      await log(
        db,
        failed.map((f) => ({
          rollout_id: r.id,
          gateway_id: f.gateway_id,
          at: now,
          step: 'send_failed',
          detail: f.error.slice(0, 1000),
        })),
      );
      this.deps.logger?.warn(
        { rollout_id: r.id, failed: failed.length },
        'ota instructions not accepted by the broker; will retry',
      );
    }
  }

  /** Phase 3, under the lock again: soak once the wave is through, the health gate at the soak's end, completion. */
  private async progress(trx: Trx, rolloutId: number, now: Date, result: StepResult) {
    const r = await trx
      .selectFrom('rollouts')
      .selectAll()
      .where('id', '=', rolloutId)
      .forUpdate()
      .executeTakeFirst();
    if (r?.status !== 'running') return;
    const waves = await trx
      .selectFrom('rollout_waves')
      .selectAll()
      .where('rollout_id', '=', rolloutId)
      .orderBy('wave_no')
      .execute();
    const wave = waves[r.current_wave];
    if (!wave) return;
    const open = await trx
      .selectFrom('rollout_targets as t')
      .innerJoin('gateways as g', 'g.id', 't.gateway_id')
      .select([
        sql<number>`sum(t.state in ('sent','downloading','verifying','installing','rebooting'))`.as(
          'inflight',
        ),
        sql<number>`sum(t.state = 'pending' and t.wave_no = ${wave.wave_no} and g.online = 1)`.as(
          'reachable',
        ),
        sql<number>`sum(t.state = 'pending')`.as('pending'),
      ])
      .where('t.rollout_id', '=', rolloutId)
      .where('t.wave_no', '<=', wave.wave_no)
      .executeTakeFirstOrThrow();
    const inflight = Number(open.inflight ?? 0);
    const reachable = Number(open.reachable ?? 0);

    if (wave.status === 'dispatching' && inflight === 0 && reachable === 0) {
      const soakS = wave.target_count === 0 ? 0 : wave.soak_s;
      const until = new Date(now.getTime() + soakS * 1000);
      await trx
        .updateTable('rollout_waves')
        .set({ status: 'soaking', soak_until: until })
        .where('rollout_id', '=', rolloutId)
        .where('wave_no', '=', wave.wave_no)
        .execute();
      await log(trx, [
        {
          rollout_id: rolloutId,
          at: now,
          step: 'wave.soak',
          detail: coded('rollouts.log.waveSoak', { wave: wave.wave_no + 1, until: until.toISOString() }),
        },
      ]);
      wave.status = 'soaking';
      wave.soak_until = until;
      result.event = 'soaking';
    }

    if (
      wave.status === 'soaking' &&
      wave.soak_until &&
      now.getTime() >= wave.soak_until.getTime() &&
      inflight === 0
    ) {
      const { health, domain } = await waveGate(
        this.deps,
        r,
        wave.wave_no,
        now,
        Math.max(600, wave.soak_s),
        acceptedFailures(wave),
      );
      const accepted = readJson<{ accepted?: unknown }>(wave.health)?.accepted;
      const stored: WaveHealth & { accepted?: unknown } = accepted ? { ...health, accepted } : health;
      await trx
        .updateTable('rollout_waves')
        .set({ status: health.passed ? 'passed' : 'failed', gated_at: now, health: writeJson(stored)! })
        .where('rollout_id', '=', rolloutId)
        .where('wave_no', '=', wave.wave_no)
        .execute();
      for (const d of domain.filter((x) => x.problems.length > 0)) {
        await trx
          .updateTable('rollout_targets')
          .set({ domain_after: writeJson(d)! })
          .where('rollout_id', '=', rolloutId)
          .where('gateway_id', '=', d.gatewayId)
          .execute();
      }
      const summary = coded('rollouts.log.health', {
        wave: wave.wave_no + 1,
        healthy: health.healthy,
        failed: health.failed,
        rolledBack: health.rolledBack,
        timedOut: health.timedOut,
        offlineAfter: health.offlineAfter,
        degraded: health.degraded,
        pct: health.failurePct,
        max: health.maxFailurePct,
      });
      if (!health.passed) {
        await trx
          .updateTable('rollouts')
          .set({
            status: 'paused',
            pause_reason: coded('rollouts.reason.healthGate', {
              wave: wave.wave_no + 1,
              pct: health.failurePct,
              max: health.maxFailurePct,
            }),
            paused_by_user_id: null,
            updated_at: now,
          })
          .where('id', '=', rolloutId)
          .execute();
        await log(trx, [
          { rollout_id: rolloutId, at: now, step: 'wave.failed', detail: summary },
          {
            rollout_id: rolloutId,
            at: now,
            step: 'paused.auto',
            detail: coded('rollouts.log.healthGateFailed'),
          },
        ]);
        result.event = 'wave_failed';
        return;
      }
      await log(trx, [{ rollout_id: rolloutId, at: now, step: 'wave.passed', detail: summary }]);
      wave.status = 'passed';
      result.event = 'wave_passed';
      const next = waves[r.current_wave + 1];
      if (next) {
        await trx
          .updateTable('rollouts')
          .set({ current_wave: next.wave_no, updated_at: now })
          .where('id', '=', rolloutId)
          .execute();
        await startWave(trx, rolloutId, next, now);
        return;
      }
    }

    // the last wave is through: done once nobody is left waiting (offline gateways are updated when they return)
    if (
      wave.status === 'passed' &&
      r.current_wave === waves.length - 1 &&
      inflight === 0 &&
      Number(open.pending ?? 0) === 0
    ) {
      await trx
        .updateTable('rollouts')
        .set({ status: 'completed', finished_at: now, updated_at: now })
        .where('id', '=', rolloutId)
        .execute();
      await log(trx, [{ rollout_id: rolloutId, at: now, step: 'completed', detail: null }]);
      result.event = 'completed';
    }
  }
}

export { IN_FLIGHT_STATES };
