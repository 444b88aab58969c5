import type { Db, MandateRow, MandateState, MandateUpdate } from '@ilumen/db';
import {
  type FluviusClient,
  type FluviusLogger,
  intervalTotals,
  type Mandate,
  MandateRevokedError,
  silentLogger,
} from '@ilumen/fluvius';
import {
  addDays,
  brusselsDaysWindow,
  brusselsLocalDate,
  brusselsYesterday,
  daysBetween,
  type LocalDate,
  quarterHoursInBrusselsDay,
} from '@ilumen/fluvius/time';
import type { JobProducer } from '@ilumen/jobs';
import type { Clock } from '../deps';
import { type FluviusQuarter, withRetry, writeQuarters } from '../energy/index';
import { defaultMandateSettings, type MandateSettings } from './access';
import { type MandateEvent, type PendingMail, queueMails, tellEanChanged, tellOwner } from './notify';

export interface MandateSyncDeps {
  db: Db;
  jobs: JobProducer;
  clock: Clock;
  /** One client for the whole process: its token cache and rate limiter are shared by every job. */
  client: FluviusClient;
  publicUrl: string;
  settings?: Partial<MandateSettings>;
  logger?: FluviusLogger;
  /** Days per energy request (forward sync continuation, backfill chunk). */
  chunkDays?: number;
  /** How many recent days the gap repair looks at. */
  repairDays?: number;
  /** Mandates asked about at once by the hourly and daily polls (the client's limiter bounds requests anyway). */
  pollConcurrency?: number;
}

export interface SyncResult {
  /** Days asked for, and how many of them came back complete (92/96/100 quarters). */
  days: number;
  completeDays: number;
  quarters: number;
  changed: number;
}

/**
 * Sync jobs that fail (Fluvius rate-limits or is down after the client's own retries) come back later rather than at
 * once: 30 s, 1, 2, 4, 8 minutes.
 */
export const FLUVIUS_JOB_RETRY = { attempts: 6, backoff: { type: 'exponential', delay: 30_000 } } as const;

/** A day whose quarters are still missing this long after it is taken as it is (the gap repair keeps trying). */
const GIVE_UP_WAITING_DAYS = 7;
/** Fluvius validates within a few days; estimated or unvalidated values older than this are asked for again. */
const SETTLE_DAYS = 3;

async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}

const minDay = (a: LocalDate, b: LocalDate) => (a < b ? a : b);
const maxDay = (a: LocalDate, b: LocalDate) => (a > b ? a : b);

/**
 * Everything about mandates that runs without a person: asking Fluvius about open mandates (approval, refusal, gas),
 * about approved ones (renewal, expiry), fetching each linked meter's quarters (nightly, backfill, repair) and writing
 * them through `writeQuarters`, and telling the owner what changed. Each method is idempotent: the worker's jobs call
 * them with ids derived from mandate and day, and running one twice writes the same rows and tells the owner once.
 */
export class MandateSync {
  private readonly settings: MandateSettings;
  private readonly logger: FluviusLogger;
  private readonly chunkDays: number;
  private readonly repairDays: number;
  private readonly pollConcurrency: number;

  constructor(private readonly deps: MandateSyncDeps) {
    this.settings = { ...defaultMandateSettings, ...deps.settings };
    this.logger = deps.logger ?? silentLogger;
    this.chunkDays = deps.chunkDays ?? 31;
    this.repairDays = deps.repairDays ?? 10;
    this.pollConcurrency = deps.pollConcurrency ?? 4;
  }

  private load(mandateId: number): Promise<MandateRow | undefined> {
    return this.deps.db
      .selectFrom('fluvius_mandates')
      .selectAll()
      .where('id', '=', mandateId)
      .executeTakeFirst();
  }

  private async idsWhere(statuses: MandateState[], linkedOnly: boolean): Promise<number[]> {
    let q = this.deps.db.selectFrom('fluvius_mandates').select('id').where('status', 'in', statuses);
    if (linkedOnly) q = q.where('linked_at', 'is not', null).where('site_id', 'is not', null);
    const rows = await q.orderBy('last_polled_at').orderBy('id').execute();
    return rows.map((r) => r.id);
  }

  private async recordError(row: MandateRow, error: unknown): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const now = this.deps.clock.now();
    await this.deps.db
      .updateTable('fluvius_mandates')
      .set((eb) => ({
        last_error: message,
        last_error_at: now,
        failures: eb('failures', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', row.id)
      .execute();
    this.logger.warn({ mandate_id: row.id, site_id: row.site_id, error: message }, 'fluvius mandate error');
  }

  /** Applies a change and tells the owner in one transaction; the mails go out after it committed. */
  private async apply(row: MandateRow, update: MandateUpdate, event: MandateEvent | null): Promise<void> {
    const mails: PendingMail[] = await this.deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('fluvius_mandates').set(update).where('id', '=', row.id).execute();
      const next = { ...row, ...update } as MandateRow;
      if (update.ean !== undefined && update.ean !== row.ean) await tellEanChanged(trx, next, row.ean);
      if (!event) return [];
      const endsOn = next.expires_at ? brusselsLocalDate(next.expires_at) : null;
      return tellOwner(trx, next, event, { publicUrl: this.deps.publicUrl, endsOn });
    });
    await queueMails(this.deps.jobs, mails);
  }

  // -----------------------------------------------------------------------------------------------------------
  // Status

  /** Fluvius keeps one mandate per EAN and data service; ours asks for quarter-hours. */
  private static pick(list: Mandate[]): Mandate | undefined {
    return list.find((m) => m.dataServiceType === 'VH_kwartier_uur') ?? list[0];
  }

  /** Asks Fluvius about one mandate and moves ours along: requested, approved (or gas), refused, renewal, ended. */
  async pollMandate(mandateId: number): Promise<{ status: MandateState; event: MandateEvent | null } | null> {
    const row = await this.load(mandateId);
    if (!row) return null;
    if (!['pending', 'requested', 'approved'].includes(row.status))
      return { status: row.status, event: null };
    let list: Mandate[];
    try {
      list = await this.deps.client.listMandates({ referenceNumber: row.reference_number });
    } catch (error) {
      await this.recordError(row, error);
      throw error;
    }
    const found = MandateSync.pick(list);
    const now = this.deps.clock.now();
    const update: MandateUpdate = { last_polled_at: now, updated_at: now, last_error: null };
    let status = row.status;
    let event: MandateEvent | null = null;

    if (!found) {
      const ageDays = (now.getTime() - row.created_at.getTime()) / 86_400_000;
      // Refused before an EAN was chosen, or never completed: Fluvius has nothing, and never will.
      if (
        row.status === 'pending' &&
        (row.return_result === 'failed' || ageDays > this.settings.abandonAfterDays)
      )
        status = 'cancelled';
    } else {
      update.fluvius_status = found.status;
      update.renewal_status = found.renewalStatus;
      if (found.ean && found.ean !== row.ean) update.ean = found.ean;
      if (found.energyType) update.energy_type = found.energyType;
      update.data_period_from = found.dataPeriodFrom;
      update.data_period_to = found.dataPeriodTo;
      const expiresAt = found.mandateExpirationDate ?? found.dataPeriodTo;
      update.expires_at = expiresAt;
      const ended = found.renewalStatus === 'Expired' || (expiresAt !== null && expiresAt <= now);
      switch (found.status) {
        case 'Requested':
          if (row.status === 'pending') status = 'requested';
          break;
        case 'Approved':
          if (found.energyType === 'G') {
            status = 'gas';
            event = 'gas';
          } else if (ended) {
            status = 'expired';
            event = 'expired';
          } else if (row.status !== 'approved') {
            status = 'approved';
            update.decided_at = now;
            event = 'ready';
          } else if (found.renewalStatus === 'ToBeRenewed') {
            event = 'renewal';
          }
          break;
        case 'Rejected':
          status = 'rejected';
          update.decided_at = now;
          event = 'rejected';
          break;
        case 'Finished':
          status = ended ? 'expired' : 'revoked';
          event = status;
          break;
      }
    }
    update.status = status;
    // Told once per event (tellOwner compares with `notified`), so a mandate that stays in ToBeRenewed for three
    // months is announced once.
    if (event === row.notified) event = null;
    await this.apply(row, update, event);
    if (status !== row.status)
      this.logger.info({ mandate_id: row.id, from: row.status, to: status }, 'fluvius mandate status');
    return { status, event };
  }

  /** Hourly: every mandate that still waits for a decision. */
  async pollOpen(): Promise<{ polled: number; failed: number }> {
    const ids = await this.idsWhere(['pending', 'requested'], false);
    let failed = 0;
    await eachLimited(ids, this.pollConcurrency, (id) => this.pollMandate(id).catch(() => failed++));
    return { polled: ids.length, failed };
  }

  /** Daily: approved mandates, for their renewal status and end. */
  async checkApproved(): Promise<{ polled: number; failed: number }> {
    const ids = await this.idsWhere(['approved'], false);
    let failed = 0;
    await eachLimited(ids, this.pollConcurrency, (id) => this.pollMandate(id).catch(() => failed++));
    return { polled: ids.length, failed };
  }

  // -----------------------------------------------------------------------------------------------------------
  // Meter data

  private syncable(row: MandateRow | undefined): row is MandateRow & { site_id: number } {
    return Boolean(row && row.status === 'approved' && row.linked_at && row.site_id !== null);
  }

  /** Fluvius refused the data (401/403): the homeowner revoked the mandate, or it ran out. Stop and say so. */
  private async ended(row: MandateRow): Promise<void> {
    const now = this.deps.clock.now();
    const status: MandateState = row.expires_at && row.expires_at <= now ? 'expired' : 'revoked';
    await this.apply(
      row,
      { status, fluvius_status: 'Finished', last_error: null, updated_at: now },
      row.notified === status ? null : status,
    );
    this.logger.info(
      { mandate_id: row.id, site_id: row.site_id, status },
      'fluvius mandate ended; sync stopped',
    );
  }

  /**
   * Fetches the quarters of days `first`..`last` and writes them (source Fluvius, with the validation state), a week
   * per transaction. Returns how many quarters each day had.
   */
  private async fetchAndWrite(
    row: MandateRow & { site_id: number },
    first: LocalDate,
    last: LocalDate,
  ): Promise<SyncResult & { perDay: Map<LocalDate, number> }> {
    const window = brusselsDaysWindow(first, last);
    let energy: Awaited<ReturnType<FluviusClient['getEnergy']>>;
    try {
      energy = await this.deps.client.getEnergy({
        referenceNumber: row.reference_number,
        ean: row.ean,
        ...window,
        granularity: 'quarter-hourly',
      });
    } catch (error) {
      if (error instanceof MandateRevokedError) await this.ended(row);
      else await this.recordError(row, error);
      throw error;
    }
    const byDay = new Map<LocalDate, FluviusQuarter[]>();
    for (const q of intervalTotals(energy.readings, 'quarter-hour')) {
      if (q.start < window.from || q.start >= window.to) continue;
      if (q.offtakeWh === null && q.injectionWh === null) continue;
      const day = brusselsLocalDate(q.start);
      const list = byDay.get(day) ?? [];
      // A value Fluvius gave without a state is taken as read from the meter (the only unmarked kind we saw).
      list.push({
        source: 'fluvius',
        siteId: row.site_id,
        ts: q.start,
        importWh: q.offtakeWh,
        importNightWh: q.offtakeNightWh,
        exportWh: q.injectionWh,
        state: q.validationState ?? 'READ',
      });
      byDay.set(day, list);
    }
    const days = [...byDay.keys()].sort();
    let changed = 0;
    for (let i = 0; i < days.length; i += 7) {
      const writes = days.slice(i, i + 7).flatMap((d) => byDay.get(d)!);
      const result = await withRetry(() =>
        this.deps.db.transaction().execute((trx) => writeQuarters(trx, writes)),
      );
      changed += result.changed;
    }
    const perDay = new Map<LocalDate, number>();
    let completeDays = 0;
    let quarters = 0;
    for (let day = first; day <= last; day = addDays(day, 1)) {
      const n = byDay.get(day)?.length ?? 0;
      perDay.set(day, n);
      quarters += n;
      if (n === quarterHoursInBrusselsDay(day)) completeDays++;
    }
    return { days: daysBetween(first, last) + 1, completeDays, quarters, changed, perDay };
  }

  /**
   * The nightly sync of one mandate: the days after the last complete one, through yesterday (or `through`). A day
   * Fluvius has not fully delivered yet is asked for again next time — for a week, after which the gap repair takes it.
   */
  async syncMandate(mandateId: number, through?: LocalDate): Promise<SyncResult | null> {
    const row = await this.load(mandateId);
    if (!this.syncable(row)) return null;
    const now = this.deps.clock.now();
    const today = brusselsLocalDate(now);
    const yesterday = brusselsYesterday(now);
    const last = through ? minDay(through, yesterday) : yesterday;
    const first = addDays(row.synced_through ?? yesterday, 1);
    if (first > last) return { days: 0, completeDays: 0, quarters: 0, changed: 0 };
    const end = minDay(last, addDays(first, this.chunkDays - 1));
    const result = await this.fetchAndWrite(row, first, end);
    let syncedThrough = row.synced_through;
    for (let day = first; day <= end; day = addDays(day, 1)) {
      const complete = result.perDay.get(day) === quarterHoursInBrusselsDay(day);
      if (!complete && daysBetween(day, today) <= GIVE_UP_WAITING_DAYS) break;
      syncedThrough = day;
    }
    await this.deps.db
      .updateTable('fluvius_mandates')
      .set({
        synced_through: syncedThrough,
        last_sync_at: now,
        last_error: null,
        failures: 0,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    if (end < last && syncedThrough === end) {
      await this.deps.jobs.add(
        'fluvius',
        'syncMandate',
        { mandateId: row.id, through: last },
        { ...FLUVIUS_JOB_RETRY, jobId: `sync-${row.id}-${end}` },
      );
    }
    return result;
  }

  /** Specific days again (a hole, a correction); clipped to what the mandate covers and to yesterday. */
  async syncDays(mandateId: number, from: LocalDate, to: LocalDate): Promise<SyncResult | null> {
    const row = await this.load(mandateId);
    if (!this.syncable(row)) return null;
    const now = this.deps.clock.now();
    const first = row.history_from ? maxDay(from, row.history_from) : from;
    const last = minDay(to, brusselsYesterday(now));
    const total: SyncResult = { days: 0, completeDays: 0, quarters: 0, changed: 0 };
    for (let start = first; start <= last; start = addDays(start, this.chunkDays)) {
      const r = await this.fetchAndWrite(row, start, minDay(last, addDays(start, this.chunkDays - 1)));
      total.days += r.days;
      total.completeDays += r.completeDays;
      total.quarters += r.quarters;
      total.changed += r.changed;
    }
    await this.deps.db
      .updateTable('fluvius_mandates')
      .set({ last_sync_at: now, last_error: null, failures: 0, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    return total;
  }

  /**
   * One chunk of history before the link, newest first (recent months matter most), then the next job for the chunk
   * before it, down to as far as the mandate reaches.
   */
  async backfill(
    mandateId: number,
  ): Promise<(SyncResult & { from: LocalDate; to: LocalDate; done: boolean }) | null> {
    const row = await this.load(mandateId);
    if (!this.syncable(row) || row.backfill_done_at) return null;
    const now = this.deps.clock.now();
    const before = row.backfill_before;
    const historyFrom = row.history_from;
    if (!before || !historyFrom || before <= historyFrom) {
      await this.deps.db
        .updateTable('fluvius_mandates')
        .set({ backfill_done_at: now, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      return null;
    }
    const last = addDays(before, -1);
    const first = maxDay(historyFrom, addDays(before, -this.chunkDays));
    const result = await this.fetchAndWrite(row, first, last);
    const done = first <= historyFrom;
    await this.deps.db
      .updateTable('fluvius_mandates')
      .set({
        backfill_before: first,
        backfill_done_at: done ? now : null,
        last_sync_at: now,
        last_error: null,
        failures: 0,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    if (!done)
      await this.deps.jobs.add(
        'fluvius',
        'backfill',
        { mandateId: row.id },
        { ...FLUVIUS_JOB_RETRY, jobId: `backfill-${row.id}-${first}` },
      );
    return { ...result, from: first, to: last, done };
  }

  /**
   * Daily: recent days of every linked mandate that have holes, or values Fluvius estimated or did not validate that
   * should have settled by now, are fetched again (Fluvius sends the corrected values; writeQuarters replaces them).
   */
  async repairGaps(): Promise<{ checked: number; queued: number }> {
    const now = this.deps.clock.now();
    const today = brusselsLocalDate(now);
    const rows = await this.deps.db
      .selectFrom('fluvius_mandates')
      .selectAll()
      .where('status', '=', 'approved')
      .where('linked_at', 'is not', null)
      .where('site_id', 'is not', null)
      .orderBy('id')
      .execute();
    let queued = 0;
    for (const row of rows) {
      const bad = await this.badDays(row, today);
      if (bad.length === 0) continue;
      await this.deps.jobs.add(
        'fluvius',
        'syncDays',
        { mandateId: row.id, from: bad[0]!, to: bad[bad.length - 1]! },
        { ...FLUVIUS_JOB_RETRY, jobId: `gaps-${row.id}-${today}` },
      );
      queued++;
    }
    return { checked: rows.length, queued };
  }

  /** The recent days (already synced or backfilled) that are incomplete or not settled. */
  async badDays(row: MandateRow, today: LocalDate): Promise<LocalDate[]> {
    if (row.site_id === null || !row.synced_through || !row.linked_at) return [];
    const last = minDay(row.synced_through, addDays(today, -1));
    const linkDay = brusselsLocalDate(row.linked_at);
    // Days before the backfill got to them are the backfill's business, not holes.
    const coveredFrom = row.backfill_before ? minDay(row.backfill_before, linkDay) : linkDay;
    const first = maxDay(addDays(last, -(this.repairDays - 1)), coveredFrom);
    if (first > last) return [];
    const window = brusselsDaysWindow(first, last);
    const quarters = await this.deps.db
      .selectFrom('energy_qh')
      .select(['ts', 'fl_state'])
      .where('site_id', '=', row.site_id)
      .where('ts', '>=', window.from)
      .where('ts', '<', window.to)
      .where((eb) => eb.or([eb('fl_import_wh', 'is not', null), eb('fl_export_wh', 'is not', null)]))
      .execute();
    const count = new Map<LocalDate, number>();
    const unsettled = new Set<LocalDate>();
    for (const q of quarters) {
      const day = brusselsLocalDate(q.ts);
      count.set(day, (count.get(day) ?? 0) + 1);
      if ((q.fl_state === 'EST' || q.fl_state === 'NVAL') && daysBetween(day, today) >= SETTLE_DAYS)
        unsettled.add(day);
    }
    const bad: LocalDate[] = [];
    for (let day = first; day <= last; day = addDays(day, 1)) {
      if ((count.get(day) ?? 0) < quarterHoursInBrusselsDay(day) || unsettled.has(day)) bad.push(day);
    }
    return bad;
  }

  /**
   * The night's plan: one sync job per linked mandate, evenly spread over `spreadMs` so the requests do not all start
   * at once (the client's limiter keeps the rate anyway). Job ids from mandate and day: planning twice adds nothing.
   */
  async planNight(spreadMs: number): Promise<{ queued: number }> {
    const ids = await this.idsWhere(['approved'], true);
    const yesterday = brusselsYesterday(this.deps.clock.now());
    for (const [index, mandateId] of ids.entries()) {
      const delay = ids.length > 1 ? Math.floor((index / ids.length) * spreadMs) : 0;
      await this.deps.jobs.add(
        'fluvius',
        'syncMandate',
        { mandateId },
        { ...FLUVIUS_JOB_RETRY, jobId: `sync-${mandateId}-${yesterday}`, delay },
      );
    }
    return { queued: ids.length };
  }
}
