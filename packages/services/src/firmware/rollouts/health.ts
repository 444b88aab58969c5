import { type Db, sql } from '@ilumen/db';
import type { Redis } from 'ioredis';
import { type LiveSnapshot, liveKeys } from '../../energy/live';

/**
 * Domain health around an update, from what the ingest already keeps: P1 telegrams flowing (the site's latest `live`
 * has grid values and is fresh), Modbus and P1 error events, devices reporting Fout, and control decisions. The
 * gateway judges its own control loop (cycles counted) before it says `healthy`; here the platform checks that what
 * it sees of the home after the update is no worse than before.
 */

/** A live value older than this no longer says "P1 is flowing". */
const LIVE_FRESH_MS = 2 * 60_000;

/** Whether the site's latest live value has fresh grid values, or null when nothing is known (no site, expired). */
export async function p1Flowing(
  redis: Redis,
  prefix: string,
  siteIds: readonly number[],
  now: Date,
): Promise<Map<number, boolean | null>> {
  const keys = liveKeys(prefix);
  const out = new Map<number, boolean | null>();
  for (let i = 0; i < siteIds.length; i += 1000) {
    const chunk = siteIds.slice(i, i + 1000);
    const values = chunk.length > 0 ? await redis.mget(...chunk.map((s) => keys.latest(s))) : [];
    chunk.forEach((siteId, k) => {
      const raw = values[k];
      if (!raw) {
        out.set(siteId, null);
        return;
      }
      try {
        const snap = JSON.parse(raw) as LiveSnapshot;
        const age = now.getTime() - Date.parse(snap.live.ts);
        out.set(siteId, Boolean(snap.live.grid) && age <= LIVE_FRESH_MS);
      } catch {
        out.set(siteId, null);
      }
    });
  }
  return out;
}

export interface DomainCounts {
  modbusErrors: number;
  p1Errors: number;
  faults: number;
  controlDecisions: number;
}

export interface TargetDomain {
  gatewayId: number;
  before: DomainCounts & { p1: boolean | null; windowS: number };
  after: DomainCounts & { p1: boolean | null; windowS: number };
  /** Why the platform judges the home worse off after the update (empty: fine). */
  problems: string[];
}

const zero = (): DomainCounts => ({ modbusErrors: 0, p1Errors: 0, faults: 0, controlDecisions: 0 });

/** More than twice the hourly rate before, and at least this many more events per hour: worse, not noise. */
const MIN_EXTRA_PER_HOUR = 3;

function worse(before: number, beforeS: number, after: number, afterS: number): boolean {
  if (afterS <= 0) return false;
  const rb = beforeS > 0 ? (before * 3600) / beforeS : 0;
  const ra = (after * 3600) / afterS;
  return ra > rb * 2 && ra - rb >= MIN_EXTRA_PER_HOUR;
}

export function judge(d: Omit<TargetDomain, 'problems'>): string[] {
  const problems: string[] = [];
  if (d.before.p1 === true && d.after.p1 === false) problems.push('p1_stopped');
  if (worse(d.before.modbusErrors, d.before.windowS, d.after.modbusErrors, d.after.windowS))
    problems.push('modbus_errors');
  if (worse(d.before.p1Errors, d.before.windowS, d.after.p1Errors, d.after.windowS))
    problems.push('p1_errors');
  const faultRateBefore = d.before.windowS > 0 ? d.before.faults / d.before.windowS : 0;
  if (d.after.faults > 0 && d.after.faults / Math.max(1, d.after.windowS) > faultRateBefore * 2)
    problems.push('device_faults');
  return problems;
}

/**
 * Before/after counts for every finished target of one wave: the window before the instruction went out and the same
 * length (at most) after the gateway said healthy, up to `now`. One query; events are found by site and time.
 */
export async function waveDomainHealth(
  deps: { db: Db; redis: Redis; redisPrefix: string },
  rolloutId: number,
  waveNo: number,
  now: Date,
  windowS: number,
): Promise<TargetDomain[]> {
  const targets = await deps.db
    .selectFrom('rollout_targets')
    .select(['gateway_id', 'site_id', 'sent_at', 'finished_at', 'domain_before'])
    .where('rollout_id', '=', rolloutId)
    .where('wave_no', '=', waveNo)
    .where('state', '=', 'healthy')
    .where('site_id', 'is not', null)
    .execute();
  if (targets.length === 0) return [];
  const w = Math.max(60, Math.round(windowS));
  const rows = await sql<{
    gateway_id: number;
    phase: 'before' | 'after';
    type: string;
    n: number | string;
    fouts: number | string;
  }>`
    SELECT t.gateway_id,
           IF(e.ts < t.sent_at, 'before', 'after') AS phase,
           e.type,
           COUNT(*) AS n,
           SUM(e.type = 'device.status' AND JSON_UNQUOTE(JSON_EXTRACT(e.payload, '$.to')) = 'Fout') AS fouts
      FROM rollout_targets t
      JOIN events e
        ON e.site_id = t.site_id
       AND e.ts >= t.sent_at - INTERVAL ${w} SECOND
       AND e.ts < ${now}
       AND (e.ts < t.sent_at OR (e.ts >= t.finished_at AND e.ts < t.finished_at + INTERVAL ${w} SECOND))
     WHERE t.rollout_id = ${rolloutId} AND t.wave_no = ${waveNo} AND t.state = 'healthy' AND t.site_id IS NOT NULL
       AND e.type IN ('modbus.error', 'p1.error', 'device.status', 'control.decision')
     GROUP BY t.gateway_id, phase, e.type`.execute(deps.db);
  const counts = new Map<number, { before: DomainCounts; after: DomainCounts }>();
  for (const r of rows.rows) {
    const c = counts.get(r.gateway_id) ?? { before: zero(), after: zero() };
    const side = c[r.phase];
    const n = Number(r.n);
    if (r.type === 'modbus.error') side.modbusErrors += n;
    else if (r.type === 'p1.error') side.p1Errors += n;
    else if (r.type === 'control.decision') side.controlDecisions += n;
    else if (r.type === 'device.status') side.faults += Number(r.fouts);
    counts.set(r.gateway_id, c);
  }
  const live = await p1Flowing(
    deps.redis,
    deps.redisPrefix,
    [...new Set(targets.map((t) => t.site_id as number))],
    now,
  );
  return targets.map((t) => {
    const c = counts.get(t.gateway_id) ?? { before: zero(), after: zero() };
    const before = parseBefore(t.domain_before);
    const afterS = t.finished_at
      ? Math.max(0, Math.min(w, (now.getTime() - t.finished_at.getTime()) / 1000))
      : 0;
    const d = {
      gatewayId: t.gateway_id,
      before: { ...c.before, p1: before.p1, windowS: w },
      after: { ...c.after, p1: live.get(t.site_id as number) ?? null, windowS: Math.round(afterS) },
    };
    return { ...d, problems: judge(d) };
  });
}

function parseBefore(raw: unknown): { p1: boolean | null } {
  const v = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  if (v && typeof v === 'object' && 'p1' in v) {
    const p1 = (v as { p1: unknown }).p1;
    return { p1: typeof p1 === 'boolean' ? p1 : null };
  }
  return { p1: null };
}

export interface WaveHealth {
  targets: number;
  healthy: number;
  failed: number;
  rolledBack: number;
  timedOut: number;
  /** Not reached yet (offline gateways stay pending; they are updated when they come back). */
  pending: number;
  cancelled: number;
  /** Said healthy, but offline at the gate. */
  offlineAfter: number;
  /** Healthy by their own check, but worse off as the platform sees the home. */
  degraded: number;
  problems: Record<string, number>;
  before: DomainCounts & { p1Flowing: number; known: number };
  after: DomainCounts & { p1Flowing: number; known: number };
  failurePct: number;
  maxFailurePct: number;
  passed: boolean;
  /** Passed by hand (resume after a failed gate). */
  overridden?: boolean;
}

/**
 * The health gate of one wave: install failures, gateways not back (timed out, or offline at the gate), and homes
 * the platform sees worse off, as a share of the wave's gateways that got the update.
 */
export async function waveGate(
  deps: { db: Db; redis: Redis; redisPrefix: string },
  rollout: { id: number; max_failure_pct: number },
  waveNo: number,
  now: Date,
  windowS: number,
  /** Failures someone already accepted by resuming the wave after it paused. */
  accepted = 0,
): Promise<{ health: WaveHealth; domain: TargetDomain[] }> {
  const states = await deps.db
    .selectFrom('rollout_targets as t')
    .innerJoin('gateways as g', 'g.id', 't.gateway_id')
    .select([
      't.state',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(t.state = 'healthy' and g.online = 0)`.as('offline'),
    ])
    .where('t.rollout_id', '=', rollout.id)
    .where('t.wave_no', '=', waveNo)
    .groupBy('t.state')
    .execute();
  const n = (s: string) => Number(states.find((r) => r.state === s)?.n ?? 0);
  const domain = await waveDomainHealth(deps, rollout.id, waveNo, now, windowS);
  const problems: Record<string, number> = {};
  const before = { ...zero(), p1Flowing: 0, known: 0 };
  const after = { ...zero(), p1Flowing: 0, known: 0 };
  for (const d of domain) {
    for (const p of d.problems) problems[p] = (problems[p] ?? 0) + 1;
    for (const [side, v] of [
      [before, d.before],
      [after, d.after],
    ] as const) {
      side.modbusErrors += v.modbusErrors;
      side.p1Errors += v.p1Errors;
      side.faults += v.faults;
      side.controlDecisions += v.controlDecisions;
      if (v.p1 !== null) side.known++;
      if (v.p1) side.p1Flowing++;
    }
  }
  const offlineAfter = Number(states.find((r) => r.state === 'healthy')?.offline ?? 0);
  const degraded = domain.filter((d) => d.problems.length > 0).length;
  const failed = n('failed');
  const rolledBack = n('rolled_back');
  const timedOut = n('timed_out');
  const reached = n('healthy') + failed + rolledBack + timedOut;
  const bad = Math.max(0, failed + rolledBack + timedOut + offlineAfter + degraded - accepted);
  const failurePct = reached === 0 ? 0 : Math.round((bad / reached) * 1000) / 10;
  const health: WaveHealth = {
    targets: states.reduce((a, r) => a + Number(r.n), 0),
    healthy: n('healthy'),
    failed,
    rolledBack,
    timedOut,
    pending: n('pending'),
    cancelled: n('cancelled') + n('skipped'),
    offlineAfter,
    degraded,
    problems,
    before,
    after,
    failurePct,
    maxFailurePct: rollout.max_failure_pct,
    passed: failurePct <= rollout.max_failure_pct,
  };
  return { health, domain };
}
