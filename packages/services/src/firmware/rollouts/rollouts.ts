import { type Database, readJson, sql, type Transaction, writeJson } from '@ilumen/db';
import { coded } from '@ilumen/i18n';
import { z } from 'zod';
import type { Actor } from '../../actor';
import { recordAudit } from '../../audit/record';
import type { ServiceDeps } from '../../deps';
import { AppError, fieldError, notFound } from '../../errors';
import { requirePermission, requireWritable } from '../../policy';
import { id, intRange, numberRange, parseInput, text } from '../../validation';
import { acceptedFailures, dispatchWave, writeRolloutLog } from './engine';
import type { WaveHealth } from './health';
import { rolloutOutcome, waitReason, waveOutcome } from './outcome';
import {
  FAILED_STATES,
  IN_FLIGHT_STATES,
  resolveTargets,
  rolloutTargetInput,
  siteTagSchema,
  waveOrder,
  waveSizes,
} from './targets';
import { maintenanceWindowSchema } from './window';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const intIn = (min: number, max: number, fallback: number) =>
  z.preprocess(blank, intRange(min, max).optional()).transform((v) => v ?? fallback);

export const DEFAULT_WAVES = [1, 10, 50, 100];

/** Numbers typed in one field (`1, 10, 50, 100`, `25 %`); nothing typed is not given. */
const numberList = (v: unknown) =>
  typeof v === 'string'
    ? v.trim() === ''
      ? undefined
      : v
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map((p) => Number(p.replace('%', '').replace(',', '.')))
    : v;

/** The form (strings) and typed clients (JSON) both land here. */
export const rolloutCreateInput = rolloutTargetInput.extend({
  name: text(120),
  releaseId: id(),
  /** Cumulative percentages, increasing, ending at 100: `1,10,50,100`. */
  waves: z.preprocess(
    numberList,
    z
      .custom<number[]>(
        (w) =>
          Array.isArray(w) &&
          w.length >= 1 &&
          w.length <= 10 &&
          w.every((p, i) => typeof p === 'number' && p > 0 && p <= 100 && (i === 0 || p > (w[i - 1] ?? 0))) &&
          w.at(-1) === 100,
        'firmware.waves',
      )
      .default(DEFAULT_WAVES),
  ),
  /** How long each wave runs before its health gate. */
  soakMinutes: intIn(0, 7 * 24 * 60, 60),
  ratePerMinute: intIn(1, 100_000, 60),
  windowFrom: z.preprocess(blank, z.string().optional()),
  windowTo: z.preprocess(blank, z.string().optional()),
  windowDays: z.preprocess(numberList, z.array(intRange(1, 7)).optional()),
  maxFailurePct: z.preprocess(blank, numberRange(0, 100).optional()).transform((v) => v ?? 5),
  onlineTimeoutMinutes: intIn(1, 24 * 60, 15),
  stepTimeoutMinutes: intIn(1, 24 * 60, 30),
});

export const rolloutIdInput = z.object({ rolloutId: id() });
type AcceptedFailures = { failures: number; by: string; at: string };
export const rolloutPauseInput = rolloutIdInput.extend({
  reason: z.preprocess(blank, z.string().max(500).optional()),
});
export const rolloutTargetsInput = rolloutIdInput.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  state: z.preprocess(
    blank,
    z
      .enum([
        'pending',
        'sent',
        'downloading',
        'verifying',
        'installing',
        'rebooting',
        'healthy',
        'failed',
        'rolled_back',
        'timed_out',
        'skipped',
        'cancelled',
      ])
      .optional(),
  ),
  waveNo: z.preprocess(blank, z.coerce.number().int().min(0).max(9).optional()),
  search: z.preprocess(blank, z.string().max(40).optional()),
});
export const rolloutGatewayInput = rolloutIdInput.extend({ gatewayId: id() });
export const siteTagsInput = z.object({
  tag: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), siteTagSchema),
  siteIds: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(/[\s,;]+/)
            .filter(Boolean)
            .map(Number)
        : v,
    z.array(z.number().int().positive()).min(1).max(10_000),
  ),
  remove: z
    .preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1', z.boolean())
    .default(false),
});

function windowOf(data: z.infer<typeof rolloutCreateInput>) {
  if (!data.windowFrom && !data.windowTo) return null;
  const parsed = maintenanceWindowSchema.safeParse({
    from: data.windowFrom,
    to: data.windowTo,
    days: data.windowDays?.length ? data.windowDays : undefined,
  });
  if (!parsed.success) throw fieldError(data.windowFrom ? 'windowTo' : 'windowFrom', 'firmware.window.time');
  return parsed.data;
}

/** The rollout's state, locked for a change by hand in the caller's transaction. */
function lockRolloutRow(trx: Transaction<Database>, rolloutId: number) {
  return trx
    .selectFrom('rollouts')
    .select(['status', 'current_wave', 'pause_reason'])
    .where('id', '=', rolloutId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/**
 * Rollouts as staff manage them (decisions 060–062): which gateways, in which waves, how fast and when; pause, resume, abort;
 * and what the console shows of them. The engine (`engine.ts`) moves them on; the ingest records steps.
 */
export class RolloutService {
  constructor(private readonly deps: ServiceDeps) {}

  /** How many gateways a targeting reaches, before creating anything. */
  async preview(actor: Actor, input: unknown) {
    requirePermission(actor, 'firmware.manage');
    const data = parseInput(
      rolloutCreateInput.pick({
        releaseId: true,
        organizationIds: true,
        hardwareRevision: true,
        versionRange: true,
        tags: true,
        serials: true,
      }),
      input,
    );
    const release = await this.release(data.releaseId);
    await this.knownSerials(data.serials);
    const r = await resolveTargets(this.deps.db, data, release);
    return {
      targets: r.targets.length,
      online: r.targets.filter((t) => t.online).length,
      alreadyOnVersion: r.alreadyOnVersion,
      busy: r.busy,
    };
  }

  /** Serials typed by hand that are no gateway of ours are a typing error, not a smaller rollout. */
  private async knownSerials(serials: readonly string[] | undefined) {
    if (!serials?.length) return;
    const known = new Set<string>();
    for (let i = 0; i < serials.length; i += 1000) {
      const rows = await this.deps.db
        .selectFrom('gateways')
        .select('serial')
        .where('serial', 'in', serials.slice(i, i + 1000))
        .execute();
      for (const r of rows) known.add(r.serial);
    }
    const unknown = [...new Set(serials.filter((s) => !known.has(s)))];
    if (unknown.length > 0)
      throw fieldError('serials', 'firmware.unknownSerials', {
        count: unknown.length,
        serials: unknown.slice(0, 5).join(', '),
      });
  }

  private async release(releaseId: number) {
    const release = await this.deps.db
      .selectFrom('firmware_releases')
      .selectAll()
      .where('id', '=', releaseId)
      .executeTakeFirst();
    if (!release) throw fieldError('releaseId', 'firmware.noRelease');
    return release;
  }

  async create(actor: Actor, input: unknown): Promise<{ id: number; targets: number; waves: number[] }> {
    requireWritable(actor);
    requirePermission(actor, 'firmware.manage');
    const data = parseInput(rolloutCreateInput, input);
    const window = windowOf(data);
    const release = await this.release(data.releaseId);
    if (release.retired_at) throw fieldError('releaseId', 'firmware.releaseRetired');
    await this.knownSerials(data.serials);
    const target = {
      organizationIds: data.organizationIds,
      hardwareRevision: data.hardwareRevision,
      versionRange: data.versionRange,
      tags: data.tags,
      serials: data.serials,
    };
    const now = this.deps.clock.now();
    const created = await this.deps.db.transaction().execute(async (trx) => {
      const resolved = await resolveTargets(trx, target, release);
      if (resolved.targets.length === 0) {
        const why = { alreadyOnVersion: resolved.alreadyOnVersion, busy: resolved.busy };
        throw new AppError('validation', 'firmware.noTargets', why, {
          _: { key: 'firmware.noTargets', params: why },
        });
      }
      const res = await trx
        .insertInto('rollouts')
        .values({
          name: data.name,
          release_id: release.id,
          status: 'running',
          target: writeJson(target)!,
          target_count: resolved.targets.length,
          rate_per_minute: data.ratePerMinute,
          window: window ? writeJson(window)! : null,
          max_failure_pct: data.maxFailurePct,
          online_timeout_s: data.onlineTimeoutMinutes * 60,
          step_timeout_s: data.stepTimeoutMinutes * 60,
          created_by_user_id: actor.type === 'user' ? actor.userId : null,
          created_at: now,
          updated_at: now,
        })
        .executeTakeFirstOrThrow();
      const rolloutId = Number(res.insertId);
      const sizes = waveSizes(resolved.targets.length, data.waves);
      await trx
        .insertInto('rollout_waves')
        .values(
          sizes.map((size, i) => ({
            rollout_id: rolloutId,
            wave_no: i,
            pct: data.waves[i]!,
            soak_s: data.soakMinutes * 60,
            target_count: size,
          })),
        )
        .execute();
      const ordered = waveOrder(rolloutId, resolved.targets);
      const rows: Array<{
        rollout_id: number;
        gateway_id: number;
        wave_no: number;
        site_id: number | null;
        timezone: string;
        from_version: string | null;
      }> = [];
      let wave = 0;
      let left = sizes[0] ?? 0;
      for (const t of ordered) {
        while (left === 0 && wave < sizes.length - 1) left = sizes[++wave] ?? 0;
        rows.push({
          rollout_id: rolloutId,
          gateway_id: t.gatewayId,
          wave_no: wave,
          site_id: t.siteId,
          timezone: t.timezone,
          from_version: t.fromVersion,
        });
        left--;
      }
      for (let i = 0; i < rows.length; i += 1000)
        await trx
          .insertInto('rollout_targets')
          .values(rows.slice(i, i + 1000))
          .execute();
      await writeRolloutLog(trx, [
        {
          rollout_id: rolloutId,
          at: now,
          step: 'created',
          detail: coded('rollouts.log.created', {
            targets: rows.length,
            waves: sizes.length,
            sizes: sizes.join(' / '),
            alreadyOnVersion: resolved.alreadyOnVersion,
            version: release.version,
            busy: resolved.busy,
          }),
        },
      ]);
      await recordAudit(trx, actor, {
        action: 'rollout.create',
        entityType: 'rollout',
        entityId: rolloutId,
        after: {
          name: data.name,
          release: `${release.version} (${release.hardware_revision})`,
          target,
          targets: rows.length,
          waves: data.waves,
          soakMinutes: data.soakMinutes,
          ratePerMinute: data.ratePerMinute,
          window,
          maxFailurePct: data.maxFailurePct,
        },
      });
      return { id: rolloutId, targets: rows.length, waves: sizes };
    });
    await this.kick(created.id);
    return created;
  }

  /** Asks the worker to move the rollout on now rather than at its next tick. */
  private async kick(rolloutId: number): Promise<void> {
    await this.deps.jobs.add(
      'rollouts',
      'tick',
      { rolloutId },
      { jobId: `tick-${rolloutId}-${Date.now()}`, removeOnComplete: true, removeOnFail: 100 },
    );
  }

  private async lockedRollout(rolloutId: number) {
    const row = await this.deps.db
      .selectFrom('rollouts')
      .select(['id', 'status', 'current_wave', 'pause_reason', 'window'])
      .where('id', '=', rolloutId)
      .executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  async pause(actor: Actor, input: unknown) {
    requireWritable(actor);
    requirePermission(actor, 'firmware.manage');
    const { rolloutId, reason } = parseInput(rolloutPauseInput, input);
    await this.lockedRollout(rolloutId);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const r = await lockRolloutRow(trx, rolloutId);
      if (r.status !== 'running') throw new AppError('conflict', 'firmware.notRunning');
      const why = reason ?? coded('rollouts.reason.byHand');
      await trx
        .updateTable('rollouts')
        .set({
          status: 'paused',
          pause_reason: why,
          paused_by_user_id: actor.type === 'user' ? actor.userId : null,
          updated_at: now,
        })
        .where('id', '=', rolloutId)
        .execute();
      await writeRolloutLog(trx, [{ rollout_id: rolloutId, at: now, step: 'paused', detail: why }]);
      await recordAudit(trx, actor, {
        action: 'rollout.pause',
        entityType: 'rollout',
        entityId: rolloutId,
        before: { status: 'running' },
        after: { status: 'paused', reason: why },
      });
    });
    return this.get(actor, { rolloutId });
  }

  /**
   * Resume: a wave whose health gate failed is passed by hand (and the next one starts); failures that paused a wave
   * early are accepted, so only new ones count against the threshold.
   */
  async resume(actor: Actor, input: unknown) {
    requireWritable(actor);
    requirePermission(actor, 'firmware.manage');
    const { rolloutId } = parseInput(rolloutIdInput, input);
    await this.lockedRollout(rolloutId);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const r = await lockRolloutRow(trx, rolloutId);
      if (r.status !== 'paused') throw new AppError('conflict', 'firmware.notPaused');
      const waves = await trx
        .selectFrom('rollout_waves')
        .selectAll()
        .where('rollout_id', '=', rolloutId)
        .orderBy('wave_no')
        .execute();
      const wave = waves[r.current_wave];
      if (!wave) throw notFound();
      const who = actor.type === 'user' ? actor.email : 'system';
      if (wave.status === 'failed') {
        const health = { ...(readJson<WaveHealth>(wave.health) ?? {}), overridden: true, passed: true };
        await trx
          .updateTable('rollout_waves')
          .set({ status: 'passed', health: writeJson(health)! })
          .where('rollout_id', '=', rolloutId)
          .where('wave_no', '=', wave.wave_no)
          .execute();
        const next = waves[r.current_wave + 1];
        if (next) {
          await trx
            .updateTable('rollouts')
            .set({ current_wave: next.wave_no })
            .where('id', '=', rolloutId)
            .execute();
          await dispatchWave(trx, rolloutId, next.wave_no, now);
        }
        await writeRolloutLog(trx, [
          {
            rollout_id: rolloutId,
            at: now,
            step: 'wave.override',
            detail: coded('rollouts.log.override', { wave: wave.wave_no + 1, who }),
          },
        ]);
      } else {
        const failures = await trx
          .selectFrom('rollout_targets')
          .select(sql<number>`count(*)`.as('n'))
          .where('rollout_id', '=', rolloutId)
          .where('wave_no', '=', wave.wave_no)
          .where('state', 'in', [...FAILED_STATES])
          .executeTakeFirstOrThrow();
        if (Number(failures.n) > acceptedFailures(wave)) {
          const health = {
            ...(readJson<Record<string, unknown>>(wave.health) ?? {}),
            accepted: { failures: Number(failures.n), by: who, at: now.toISOString() },
          };
          await trx
            .updateTable('rollout_waves')
            .set({ health: writeJson(health)! })
            .where('rollout_id', '=', rolloutId)
            .where('wave_no', '=', wave.wave_no)
            .execute();
        }
      }
      await trx
        .updateTable('rollouts')
        .set({ status: 'running', pause_reason: null, paused_by_user_id: null, updated_at: now })
        .where('id', '=', rolloutId)
        .execute();
      await writeRolloutLog(trx, [{ rollout_id: rolloutId, at: now, step: 'resumed', detail: who }]);
      await recordAudit(trx, actor, {
        action: 'rollout.resume',
        entityType: 'rollout',
        entityId: rolloutId,
        before: { status: 'paused', reason: r.pause_reason },
        after: { status: 'running' },
      });
    });
    await this.kick(rolloutId);
    return this.get(actor, { rolloutId });
  }

  /**
   * Tries the failed gateways again (failed, rolled back, no answer): they go back to waiting in their own wave and the
   * engine sends them the update again as it would the first time (online, in the window, at the rate). A finished
   * rollout runs again until they are through; a paused one stays paused until someone resumes it.
   */
  async retryFailed(actor: Actor, input: unknown) {
    requireWritable(actor);
    requirePermission(actor, 'firmware.manage');
    const { rolloutId } = parseInput(rolloutIdInput, input);
    await this.lockedRollout(rolloutId);
    const now = this.deps.clock.now();
    const retried = await this.deps.db.transaction().execute(async (trx) => {
      const r = await lockRolloutRow(trx, rolloutId);
      if (r.status === 'aborted') throw new AppError('conflict', 'firmware.finished');
      const failed = await trx
        .selectFrom('rollout_targets')
        .select(['gateway_id', 'state'])
        .where('rollout_id', '=', rolloutId)
        .where('state', 'in', [...FAILED_STATES])
        .forUpdate()
        .execute();
      if (failed.length === 0) throw new AppError('conflict', 'firmware.nothingToRetry');
      const ids = failed.map((f) => f.gateway_id);
      for (let i = 0; i < ids.length; i += 1000)
        await trx
          .updateTable('rollout_targets')
          .set({
            state: 'pending',
            progress_pct: null,
            sent_at: null,
            last_step_at: null,
            finished_at: null,
            reason: null,
            domain_after: null,
          })
          .where('rollout_id', '=', rolloutId)
          .where('gateway_id', 'in', ids.slice(i, i + 1000))
          .execute();
      // failures accepted by an earlier resume were these gateways; they count afresh if they fail again
      const waves = await trx
        .selectFrom('rollout_waves')
        .select(['wave_no', 'health'])
        .where('rollout_id', '=', rolloutId)
        .execute();
      for (const wave of waves.filter((x) => acceptedFailures(x) > 0)) {
        const { accepted: _, ...rest } = readJson<Record<string, unknown>>(wave.health) ?? {};
        await trx
          .updateTable('rollout_waves')
          .set({ health: Object.keys(rest).length > 0 ? writeJson(rest)! : null })
          .where('rollout_id', '=', rolloutId)
          .where('wave_no', '=', wave.wave_no)
          .execute();
      }
      if (r.status === 'completed')
        await trx
          .updateTable('rollouts')
          .set({ status: 'running', finished_at: null, updated_at: now })
          .where('id', '=', rolloutId)
          .execute();
      const who = actor.type === 'user' ? actor.email : 'system';
      await writeRolloutLog(trx, [
        {
          rollout_id: rolloutId,
          at: now,
          step: 'retry',
          detail: coded('rollouts.log.retry', { count: ids.length, who }),
        },
        ...failed.map((f) => ({
          rollout_id: rolloutId,
          gateway_id: f.gateway_id,
          at: now,
          step: 'pending',
          detail: null,
        })),
      ]);
      await recordAudit(trx, actor, {
        action: 'rollout.retry',
        entityType: 'rollout',
        entityId: rolloutId,
        before: {
          status: r.status,
          failed: failed.map((f) => ({ gatewayId: f.gateway_id, state: f.state })),
        },
        after: { status: r.status === 'completed' ? 'running' : r.status, retried: ids.length },
      });
      return ids.length;
    });
    await this.kick(rolloutId);
    return { retried };
  }

  /** Stops new installs: gateways not yet sent to are cancelled; those already updating finish on their own. */
  async abort(actor: Actor, input: unknown) {
    requireWritable(actor);
    requirePermission(actor, 'firmware.manage');
    const { rolloutId, reason } = parseInput(rolloutPauseInput, input);
    await this.lockedRollout(rolloutId);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const r = await lockRolloutRow(trx, rolloutId);
      if (r.status !== 'running' && r.status !== 'paused')
        throw new AppError('conflict', 'firmware.finished');
      const cancelled = await trx
        .updateTable('rollout_targets')
        .set({ state: 'cancelled', finished_at: now, reason: 'rollout aborted' })
        .where('rollout_id', '=', rolloutId)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      await trx
        .updateTable('rollouts')
        .set({ status: 'aborted', finished_at: now, pause_reason: reason ?? null, updated_at: now })
        .where('id', '=', rolloutId)
        .execute();
      await writeRolloutLog(trx, [
        {
          rollout_id: rolloutId,
          at: now,
          step: 'aborted',
          detail: reason
            ? coded('rollouts.log.abortedBecause', { count: Number(cancelled.numUpdatedRows), reason })
            : coded('rollouts.log.aborted', { count: Number(cancelled.numUpdatedRows) }),
        },
      ]);
      await recordAudit(trx, actor, {
        action: 'rollout.abort',
        entityType: 'rollout',
        entityId: rolloutId,
        before: { status: r.status },
        after: { status: 'aborted', cancelled: Number(cancelled.numUpdatedRows), reason: reason ?? null },
      });
    });
    return this.get(actor, { rolloutId });
  }

  async list(actor: Actor) {
    requirePermission(actor, 'firmware.read');
    const rows = await this.deps.db
      .selectFrom('rollouts as r')
      .innerJoin('firmware_releases as f', 'f.id', 'r.release_id')
      .leftJoin('users as u', 'u.id', 'r.created_by_user_id')
      .select([
        'r.id',
        'r.name',
        'r.status',
        'r.target_count',
        'r.current_wave',
        'r.pause_reason',
        'r.created_at',
        'r.finished_at',
        'f.version',
        'f.hardware_revision',
        'u.email as created_by',
      ])
      .select((eb) => [
        eb
          .selectFrom('rollout_targets as t')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('t.rollout_id', '=', 'r.id')
          .where('t.state', '=', 'healthy')
          .as('healthy'),
        eb
          .selectFrom('rollout_targets as t')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('t.rollout_id', '=', 'r.id')
          .where('t.state', 'in', [...FAILED_STATES])
          .as('failed'),
        eb
          .selectFrom('rollout_waves as w')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('w.rollout_id', '=', 'r.id')
          .as('waves'),
      ])
      .orderBy('r.id', 'desc')
      .limit(200)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      version: r.version,
      hardwareRevision: r.hardware_revision,
      targets: r.target_count,
      outcome: rolloutOutcome(r.status, Number(r.failed ?? 0)),
      healthy: Number(r.healthy ?? 0),
      failed: Number(r.failed ?? 0),
      currentWave: r.current_wave,
      waves: Number(r.waves ?? 0),
      pauseReason: r.pause_reason,
      createdAt: r.created_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
      createdBy: r.created_by,
    }));
  }

  /** One rollout with its waves (counts per state, health figures), the last log lines and its audit trail. */
  async get(actor: Actor, input: unknown) {
    requirePermission(actor, 'firmware.read');
    const { rolloutId } = parseInput(rolloutIdInput, input);
    const db = this.deps.db;
    const r = await db
      .selectFrom('rollouts as r')
      .innerJoin('firmware_releases as f', 'f.id', 'r.release_id')
      .leftJoin('users as u', 'u.id', 'r.created_by_user_id')
      .selectAll('r')
      .select(['f.version', 'f.hardware_revision', 'f.channel', 'u.email as created_by'])
      .where('r.id', '=', rolloutId)
      .executeTakeFirst();
    if (!r) throw notFound();
    const [waves, counts, log, audit] = await Promise.all([
      db
        .selectFrom('rollout_waves')
        .selectAll()
        .where('rollout_id', '=', rolloutId)
        .orderBy('wave_no')
        .execute(),
      db
        .selectFrom('rollout_targets')
        .select(['wave_no', 'state', sql<number>`count(*)`.as('n')])
        .where('rollout_id', '=', rolloutId)
        .groupBy(['wave_no', 'state'])
        .execute(),
      db
        .selectFrom('rollout_log')
        .selectAll()
        .where('rollout_id', '=', rolloutId)
        .where('gateway_id', 'is', null)
        .orderBy('id', 'desc')
        .limit(100)
        .execute(),
      db
        .selectFrom('audit_log')
        .select(['id', 'at', 'actor_email', 'action', 'before', 'after', 'ip'])
        .where('entity_type', '=', 'rollout')
        .where('entity_id', '=', String(rolloutId))
        .orderBy('id', 'desc')
        .limit(100)
        .execute(),
    ]);
    const total: Record<string, number> = {};
    for (const c of counts) total[c.state] = (total[c.state] ?? 0) + Number(c.n);
    const failed = FAILED_STATES.reduce((a, s) => a + (total[s] ?? 0), 0);
    return {
      id: r.id,
      name: r.name,
      status: r.status,
      outcome: rolloutOutcome(r.status, failed),
      failed,
      release: {
        id: r.release_id,
        version: r.version,
        hardwareRevision: r.hardware_revision,
        channel: r.channel,
      },
      target: readJson<Record<string, unknown>>(r.target),
      targets: r.target_count,
      currentWave: r.current_wave,
      ratePerMinute: r.rate_per_minute,
      window: readJson<{ from: string; to: string; days?: number[] }>(r.window),
      maxFailurePct: r.max_failure_pct,
      onlineTimeoutS: r.online_timeout_s,
      stepTimeoutS: r.step_timeout_s,
      pauseReason: r.pause_reason,
      createdAt: r.created_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
      createdBy: r.created_by,
      states: total,
      inFlight: IN_FLIGHT_STATES.reduce((a, s) => a + (total[s] ?? 0), 0),
      waves: waves.map((w) => {
        const states: Record<string, number> = {};
        for (const c of counts.filter((x) => x.wave_no === w.wave_no)) states[c.state] = Number(c.n);
        // `health` holds the gate's figures once the wave was judged; a resume before that stores only what it
        // accepted, so the figures are there or not at all
        const stored = readJson<Partial<WaveHealth> & { accepted?: AcceptedFailures }>(w.health);
        return {
          waveNo: w.wave_no,
          pct: w.pct,
          soakS: w.soak_s,
          targets: w.target_count,
          status: w.status,
          outcome: waveOutcome(w.status, states),
          startedAt: w.started_at?.toISOString() ?? null,
          soakUntil: w.soak_until?.toISOString() ?? null,
          gatedAt: w.gated_at?.toISOString() ?? null,
          states,
          health: stored?.before && stored.after ? (stored as WaveHealth) : null,
          accepted: stored?.accepted ?? null,
        };
      }),
      log: log.map((l) => ({ id: l.id, at: l.at.toISOString(), step: l.step, detail: l.detail })),
      audit: audit.map((a) => ({
        id: a.id,
        at: a.at.toISOString(),
        actorEmail: a.actor_email,
        action: a.action,
        before: readJson(a.before),
        after: readJson(a.after),
        ip: a.ip,
      })),
    };
  }

  /** The rollout's gateways, a page at a time, with their state. */
  async targets(actor: Actor, input: unknown) {
    requirePermission(actor, 'firmware.read');
    const q = parseInput(rolloutTargetsInput, input);
    const rollout = await this.lockedRollout(q.rolloutId);
    const parsedWindow = maintenanceWindowSchema.safeParse(readJson(rollout.window));
    const state = {
      status: rollout.status,
      currentWave: rollout.current_wave,
      window: parsedWindow.success ? parsedWindow.data : null,
    };
    const now = this.deps.clock.now();
    let base = this.deps.db
      .selectFrom('rollout_targets as t')
      .innerJoin('gateways as g', 'g.id', 't.gateway_id')
      .where('t.rollout_id', '=', q.rolloutId);
    if (q.state) base = base.where('t.state', '=', q.state);
    if (q.waveNo !== undefined) base = base.where('t.wave_no', '=', q.waveNo);
    if (q.search) base = base.where('g.serial', 'like', `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const [count, rows] = await Promise.all([
      base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      base
        .select([
          't.gateway_id',
          'g.serial',
          'g.online',
          'g.firmware_version',
          't.site_id',
          't.wave_no',
          't.timezone',
          't.from_version',
          't.state',
          't.progress_pct',
          't.sent_at',
          't.last_step_at',
          't.finished_at',
          't.reason',
          't.domain_after',
        ])
        .orderBy('t.wave_no')
        .orderBy('g.serial')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
    ]);
    return {
      total: Number(count.n),
      page: q.page,
      pageSize: q.pageSize,
      rows: rows.map((t) => ({
        gatewayId: t.gateway_id,
        serial: t.serial,
        online: Boolean(t.online),
        firmwareVersion: t.firmware_version,
        siteId: t.site_id,
        waveNo: t.wave_no,
        fromVersion: t.from_version,
        state: t.state,
        progressPct: t.progress_pct,
        sentAt: t.sent_at?.toISOString() ?? null,
        lastStepAt: t.last_step_at?.toISOString() ?? null,
        finishedAt: t.finished_at?.toISOString() ?? null,
        reason: t.reason,
        waiting: waitReason(
          state,
          { state: t.state, waveNo: t.wave_no, online: Boolean(t.online), timezone: t.timezone },
          now,
        ),
        problems: readJson<{ problems?: string[] }>(t.domain_after)?.problems ?? [],
      })),
    };
  }

  /** One gateway's steps in a rollout. */
  async targetLog(actor: Actor, input: unknown) {
    requirePermission(actor, 'firmware.read');
    const { rolloutId, gatewayId } = parseInput(rolloutGatewayInput, input);
    const target = await this.deps.db
      .selectFrom('rollout_targets as t')
      .innerJoin('gateways as g', 'g.id', 't.gateway_id')
      .select(['g.serial', 't.state', 't.reason', 't.domain_before', 't.domain_after', 't.from_version'])
      .where('t.rollout_id', '=', rolloutId)
      .where('t.gateway_id', '=', gatewayId)
      .executeTakeFirst();
    if (!target) throw notFound();
    const lines = await this.deps.db
      .selectFrom('rollout_log')
      .selectAll()
      .where('rollout_id', '=', rolloutId)
      .where('gateway_id', '=', gatewayId)
      .orderBy('id')
      .limit(500)
      .execute();
    return {
      serial: target.serial,
      state: target.state,
      reason: target.reason,
      fromVersion: target.from_version,
      domainBefore: readJson(target.domain_before),
      domainAfter: readJson(target.domain_after),
      log: lines.map((l) => ({ id: l.id, at: l.at.toISOString(), step: l.step, detail: l.detail })),
    };
  }

  /** Tags in use, with how many sites carry each. */
  async tags(actor: Actor) {
    requirePermission(actor, 'firmware.read');
    const rows = await this.deps.db
      .selectFrom('site_tags')
      .select(['tag', sql<number>`count(*)`.as('n')])
      .groupBy('tag')
      .orderBy('tag')
      .execute();
    return rows.map((r) => ({ tag: r.tag, sites: Number(r.n) }));
  }

  /** Puts a tag on sites (or takes it off), for targeting. */
  async tagSites(actor: Actor, input: unknown) {
    requireWritable(actor);
    requirePermission(actor, 'firmware.manage');
    const { tag, siteIds, remove } = parseInput(siteTagsInput, input);
    const ids = [...new Set(siteIds)];
    return this.deps.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('sites').select('id').where('id', 'in', ids).execute();
      if (existing.length !== ids.length)
        throw fieldError('siteIds', 'firmware.unknownSites', { count: ids.length - existing.length });
      if (remove)
        await trx.deleteFrom('site_tags').where('tag', '=', tag).where('site_id', 'in', ids).execute();
      else
        await trx
          .insertInto('site_tags')
          .ignore()
          .values(ids.map((site_id) => ({ site_id, tag })))
          .execute();
      await recordAudit(trx, actor, {
        action: remove ? 'firmware.tag.remove' : 'firmware.tag.add',
        entityType: 'site_tag',
        entityId: tag,
        after: { tag, siteIds: ids },
      });
      return { tag, sites: ids.length, removed: remove };
    });
  }
}
