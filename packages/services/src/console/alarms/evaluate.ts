import { type Db, type NewAlarmRow, sql, writeJson } from '@ilumen/db';
import type { Redis } from 'ioredis';
import type { Clock } from '../../deps';
import { collectConditions } from './conditions';
import { type AlarmCondition, type AlarmRules, DEFAULT_ALARM_RULES, openKey } from './rules';

export interface EvaluationResult {
  conditions: number;
  raised: number;
  cleared: number;
  open: number;
  ms: number;
}

const CHUNK = 1000;
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * One pass over every gateway of every active site (the `alarms.evaluate` job, each minute): collects what is wrong
 * now, raises an alarm for each condition that held long enough, keeps open the ones whose condition is still there,
 * and clears those whose condition has been gone long enough. Keeps `gateways.open_alarms` in step for the fleet table.
 */
export class AlarmEvaluator {
  private readonly rules: AlarmRules;
  constructor(
    private readonly deps: { db: Db; redis: Redis; redisPrefix: string; clock: Clock },
    rules: Partial<AlarmRules> = {},
  ) {
    this.rules = {
      ...DEFAULT_ALARM_RULES,
      ...rules,
      clearAfterS: { ...DEFAULT_ALARM_RULES.clearAfterS, ...rules.clearAfterS },
      severity: { ...DEFAULT_ALARM_RULES.severity, ...rules.severity },
    };
  }

  async pass(): Promise<EvaluationResult> {
    const started = performance.now();
    const { db } = this.deps;
    const now = this.deps.clock.now();
    const conditions = await collectConditions({
      db,
      redis: this.deps.redis,
      prefix: this.deps.redisPrefix,
      rules: this.rules,
      now,
    });
    const byKey = new Map<string, AlarmCondition>();
    for (const c of conditions) byKey.set(openKey(c), c);

    const open = await db
      .selectFrom('alarms')
      .select(['id', 'open_key', 'kind', 'clear_pending_since', 'code'])
      .where('status', '=', 'open')
      .execute();
    const active: number[] = [];
    const resumed: number[] = [];
    const startClearing: number[] = [];
    const clearing: number[] = [];
    const changed: Array<{ id: number; c: AlarmCondition }> = [];
    const openKeys = new Set<string>();
    for (const a of open) {
      const key = a.open_key ?? '';
      openKeys.add(key);
      const c = byKey.get(key);
      if (c) {
        active.push(a.id);
        if (a.clear_pending_since) resumed.push(a.id);
        if ((c.code ?? null) !== a.code) changed.push({ id: a.id, c });
      } else if (!a.clear_pending_since) {
        if (this.rules.clearAfterS[a.kind] <= 0) clearing.push(a.id);
        else startClearing.push(a.id);
      } else if (now.getTime() - a.clear_pending_since.getTime() >= this.rules.clearAfterS[a.kind] * 1000) {
        clearing.push(a.id);
      }
    }

    const fresh: NewAlarmRow[] = conditions
      .filter((c) => c.raise && !openKeys.has(openKey(c)))
      .map((c) => ({
        kind: c.kind,
        open_key: openKey(c),
        subject: c.subject,
        severity: this.rules.severity[c.kind],
        organization_id: c.organizationId,
        site_id: c.siteId,
        gateway_id: c.gatewayId,
        device_id: c.deviceId,
        mandate_id: c.mandateId,
        code: c.code,
        details: writeJson(c.details)!,
        since: c.since,
        raised_at: now,
        last_active_at: now,
        created_at: now,
        updated_at: now,
      }));

    for (const ids of chunks(active))
      await db.updateTable('alarms').set({ last_active_at: now }).where('id', 'in', ids).execute();
    for (const ids of chunks(resumed))
      await db
        .updateTable('alarms')
        .set({ clear_pending_since: null, updated_at: now })
        .where('id', 'in', ids)
        .execute();
    for (const ids of chunks(startClearing))
      await db
        .updateTable('alarms')
        .set({ clear_pending_since: now, updated_at: now })
        .where('id', 'in', ids)
        .execute();
    for (const ids of chunks(clearing)) {
      await db
        .updateTable('alarms')
        .set({ status: 'cleared', cleared_at: now, open_key: null, updated_at: now })
        .where('id', 'in', ids)
        .execute();
    }
    // A device that reports another fault code keeps its alarm, with what it says now.
    for (const { id, c } of changed)
      await db
        .updateTable('alarms')
        .set({ code: c.code, details: writeJson(c.details)!, updated_at: now })
        .where('id', '=', id)
        .execute();
    let raised = 0;
    for (const rows of chunks(fresh)) {
      const res = await db.insertInto('alarms').ignore().values(rows).executeTakeFirst();
      raised += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
    if (raised > 0 || clearing.length > 0) await this.syncGatewayCounts();
    return {
      conditions: conditions.length,
      raised,
      cleared: clearing.length,
      open: open.length - clearing.length + raised,
      ms: Math.round(performance.now() - started),
    };
  }

  /** `gateways.open_alarms`, so the fleet table sorts and filters on it with an index instead of counting. */
  async syncGatewayCounts(): Promise<void> {
    const { db } = this.deps;
    const [counts, current] = await Promise.all([
      db
        .selectFrom('alarms')
        .select(['gateway_id', sql<number>`count(*)`.as('n')])
        .where('status', '=', 'open')
        .where('gateway_id', 'is not', null)
        .groupBy('gateway_id')
        .execute(),
      db.selectFrom('gateways').select(['id', 'open_alarms']).where('open_alarms', '>', 0).execute(),
    ]);
    const want = new Map<number, number>(counts.map((c) => [c.gateway_id!, Math.min(Number(c.n), 65535)]));
    const byCount = new Map<number, number[]>();
    const put = (n: number, id: number) => byCount.set(n, [...(byCount.get(n) ?? []), id]);
    for (const g of current) if ((want.get(g.id) ?? 0) !== g.open_alarms) put(want.get(g.id) ?? 0, g.id);
    const had = new Set(current.map((g) => g.id));
    for (const [id, n] of want) if (!had.has(id)) put(n, id);
    for (const [n, ids] of byCount)
      for (const part of chunks(ids))
        await db.updateTable('gateways').set({ open_alarms: n }).where('id', 'in', part).execute();
  }
}
