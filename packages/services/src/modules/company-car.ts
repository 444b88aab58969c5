import { CSV_CONTENT_TYPE, csvDocument } from '@ilumen/csv';
import {
  type CompanyCarSessions,
  type CregRegion,
  type Database,
  type Db,
  readJson,
  type Transaction,
} from '@ilumen/db';
import {
  divRound,
  formatDecimal,
  type LocalMonth,
  localMonth,
  monthRange,
  parseDecimal,
  previousPeriod,
} from '@ilumen/energy';
import { formatDate, formatDateTime, formatEuro, type Locale, translate } from '@ilumen/i18n';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { forbidden, notFound } from '../errors';
import { pdfDocument } from '../pdf';
import { can, canOnSite, requirePermission, requireSite, requireWritable } from '../policy';
import { formatAddress } from '../sites/address';
import { email, id, parseInput } from '../validation';
import { csvDateTime, csvKwh } from './charge-export-csv';

// The company car charged at home (decision 192): a homeowner marks a charger as charging a company car and names the
// employer's address; each month a statement per charger (every session with its start, end, kWh from the charger's
// meter and the meter's readings, the CREG reference rate of the home's region for the month's quarter, the total)
// is archived and mailed; a rate the CREG publishes late gives a correction statement. Facts:
// shared/domain/belgian-bill.md.

export const CREG_REGIONS = ['flanders', 'brussels', 'wallonia'] as const;
const region = z.enum(CREG_REGIONS);
const quarterKey = z.string().regex(/^\d{4}-Q[1-4]$/, 'companyCar.rate.quarter');
const rateValue = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().replace(',', '.') : v),
  z.string().regex(/^0?\.\d{1,4}$|^[0-2](\.\d{1,4})?$/, 'companyCar.rate.value'),
);

export const COMPANY_CAR_SESSIONS = ['all', 'marked'] as const;
export const companyCarInput = z.object({
  siteId: id(),
  deviceId: id(),
  employerEmail: email(),
  region: region.optional(),
  /** Which of the charger's sessions count: all but those marked private, or only those marked (decision 304). */
  sessions: z.enum(COMPANY_CAR_SESSIONS).optional(),
});
/** A session's mark: the company car, a private car, or none (the charger's rule decides). */
export const sessionMarkInput = z.object({
  siteId: id(),
  sessionId: id(),
  companyCar: z.enum(['yes', 'no', 'none']),
});
export const companyCarRemoveInput = z.object({ siteId: id(), deviceId: id() });
export const cregRateInput = z.object({ region, quarter: quarterKey, eurPerKwh: rateValue });
export const cregRateDeleteInput = z.object({ region, quarter: quarterKey });
export const statementFileInput = z.object({
  siteId: id(),
  statementId: id(),
  format: z.enum(['pdf', 'csv']),
});
const siteInput = z.object({ siteId: id() });

/** The calendar quarter of a month ('2025-11' → '2025-Q4'). */
export function quarterOfMonth(month: LocalMonth): string {
  const m = Number(month.slice(5, 7));
  return `${month.slice(0, 4)}-Q${Math.ceil(m / 3)}`;
}

/** The region of a Belgian postal code: 1000–1299 Brussels, 1300–1499 and 4000–7999 Wallonia, the rest Flanders. */
export function regionOfPostalCode(postalCode: string): CregRegion {
  const n = Number.parseInt(postalCode, 10);
  if (n >= 1000 && n <= 1299) return 'brussels';
  if ((n >= 1300 && n <= 1499) || (n >= 4000 && n <= 7999)) return 'wallonia';
  return 'flanders';
}

export interface StatementSession {
  startedAt: Date;
  endedAt: Date;
  energyWh: number;
  /** The charger's own meter (cumulative Wh) at the quarter boundaries around the session, when it sent them. */
  meterStartWh: number | null;
  meterEndWh: number | null;
}

/**
 * The amounts of a statement: each session's kWh × the rate (€/kWh, 4 decimals, incl. VAT), each rounded to cents
 * for its line; the total is the exact sum of the sessions, rounded once.
 */
export function statementAmounts(sessions: readonly StatementSession[], eurPerKwh: string) {
  const rate = parseDecimal(eurPerKwh, 4); // 10^-4 €/kWh × Wh = 10^-7 €
  let exact = 0n;
  let wh = 0;
  const lines = sessions.map((s) => {
    const e = rate * BigInt(s.energyWh);
    exact += e;
    wh += s.energyWh;
    return formatDecimal(divRound(e, 100_000n), 2);
  });
  return { lines, energyWh: wh, totalEur: formatDecimal(divRound(exact, 100_000n), 2) };
}

type Conn = Db;

/** The company cars, the CREG rates and the monthly statements. */
export class CompanyCarService {
  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'clock'>) {}

  /** A site's chargers, which charge a company car, and their statements (newest first). */
  async ofSite(actor: Actor, input: unknown) {
    const { siteId } = parseInput(siteInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.data');
    const db = this.deps.db;
    const [site, chargers, cars, statements] = await Promise.all([
      db.selectFrom('sites').select('postal_code').where('id', '=', siteId).executeTakeFirstOrThrow(),
      db
        .selectFrom('devices')
        .select(['id', 'device_key', 'manufacturer', 'model'])
        .where('site_id', '=', siteId)
        .where('type', '=', 'charger')
        .orderBy('id')
        .execute(),
      db.selectFrom('company_cars').selectAll().where('site_id', '=', siteId).execute(),
      db
        .selectFrom('company_car_statements')
        .select([
          'id',
          'device_id',
          'month',
          'version',
          'rate_quarter',
          'eur_per_kwh',
          'rate_final',
          'sessions',
          'energy_wh',
          'total_eur',
          'difference_eur',
          'employer_email',
          'sent_at',
        ])
        .where('site_id', '=', siteId)
        .orderBy('month', 'desc')
        .orderBy('version', 'desc')
        .execute(),
    ]);
    const carOf = new Map(cars.map((c) => [c.device_id, c]));
    // This month's and last month's sessions of the company-car chargers, each with its mark and whether it counts.
    const since = previousPeriod(monthRange(this.deps.clock.now())).start;
    const sessions =
      cars.length === 0
        ? []
        : await db
            .selectFrom('charge_sessions')
            .select(['id', 'device_id', 'started_at', 'ended_at', 'energy_wh', 'company_car'])
            .where('site_id', '=', siteId)
            .where(
              'device_id',
              'in',
              cars.map((c) => c.device_id),
            )
            .where('started_at', '>=', new Date(since))
            .orderBy('started_at', 'desc')
            .limit(200)
            .execute();
    return {
      canEdit: canOnSite(access, 'site.owner') && !(actor.type === 'user' && actor.readOnly),
      /** The region a new company car gets unless the owner names another (the postal code's). */
      defaultRegion: regionOfPostalCode(site.postal_code),
      chargers: chargers.map((c) => {
        const car = carOf.get(c.id);
        return {
          id: c.id,
          name: [c.manufacturer, c.model].filter(Boolean).join(' ') || c.device_key,
          key: c.device_key,
          companyCar: car
            ? { employerEmail: car.employer_email, region: car.region, sessions: car.sessions }
            : null,
          sessions: car
            ? sessions
                .filter((x) => x.device_id === c.id)
                .map((x) => ({
                  id: x.id,
                  startedAt: x.started_at.toISOString(),
                  endedAt: x.ended_at ? x.ended_at.toISOString() : null,
                  energyWh: x.energy_wh,
                  mark: x.company_car === null ? null : Boolean(x.company_car),
                  counts: sessionCounts(car.sessions, x.company_car),
                }))
            : [],
        };
      }),
      statements: statements.map((s) => ({
        id: s.id,
        deviceId: s.device_id,
        month: s.month,
        version: s.version,
        rateQuarter: s.rate_quarter,
        eurPerKwh: s.eur_per_kwh,
        rateFinal: Boolean(s.rate_final),
        sessions: s.sessions,
        energyWh: Number(s.energy_wh),
        totalEur: s.total_eur,
        differenceEur: s.difference_eur,
        employerEmail: s.employer_email,
        sentAt: s.sent_at ? s.sent_at.toISOString() : null,
      })),
    };
  }

  /** Marks a charger as charging a company car (the owner; audited); the region defaults to the postal code's. */
  async mark(actor: Actor, input: unknown): Promise<void> {
    requireWritable(actor);
    const { siteId } = parseInput(siteInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.data');
    if (!canOnSite(access, 'site.owner')) throw forbidden('companyCar.ownerOnly');
    const q = parseInput(companyCarInput, input);
    const db = this.deps.db;
    const device = await db
      .selectFrom('devices')
      .select('id')
      .where('id', '=', q.deviceId)
      .where('site_id', '=', siteId)
      .where('type', '=', 'charger')
      .executeTakeFirst();
    if (!device) throw notFound();
    const site = await db
      .selectFrom('sites')
      .select('postal_code')
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow();
    const values = {
      site_id: siteId,
      employer_email: q.employerEmail,
      region: q.region ?? regionOfPostalCode(site.postal_code),
      // a save that does not name the rule (an older client) keeps the one chosen
      ...(q.sessions ? { sessions: q.sessions } : {}),
      locale: actor.type === 'user' ? actor.locale : 'nl',
      updated_by_user_id: actor.type === 'user' ? actor.userId : null,
      updated_at: this.deps.clock.now(),
    } as const;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('company_cars')
        .values({ device_id: q.deviceId, sessions: 'all', ...values })
        .onDuplicateKeyUpdate(values)
        .execute();
      await recordAudit(trx, actor, {
        action: 'companyCar.mark',
        entityType: 'device',
        entityId: q.deviceId,
        organizationId: access.organizationId,
        siteId,
        after: { employerEmail: values.employer_email, region: values.region, sessions: q.sessions ?? null },
      });
    });
  }

  /** The charger no longer charges a company car (its statements stay in the archive). */
  async unmark(actor: Actor, input: unknown): Promise<void> {
    requireWritable(actor);
    const { siteId, deviceId } = parseInput(companyCarRemoveInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.data');
    if (!canOnSite(access, 'site.owner')) throw forbidden('companyCar.ownerOnly');
    await this.deps.db.transaction().execute(async (trx) => {
      const r = await trx
        .deleteFrom('company_cars')
        .where('device_id', '=', deviceId)
        .where('site_id', '=', siteId)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw notFound();
      await recordAudit(trx, actor, {
        action: 'companyCar.unmark',
        entityType: 'device',
        entityId: deviceId,
        organizationId: access.organizationId,
        siteId,
      });
    });
  }

  /**
   * Marks one charge session as charging the company car, a private car, or neither (the owner; audited): the month's
   * statement counts it or not, and a month already sent gets a correction at the next run.
   */
  async markSession(actor: Actor, input: unknown): Promise<void> {
    requireWritable(actor);
    // who may comes first: a stranger learns nothing from which of the fields would be refused
    const { siteId } = parseInput(siteInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.data');
    if (!canOnSite(access, 'site.owner')) throw forbidden('companyCar.ownerOnly');
    const { sessionId, companyCar } = parseInput(sessionMarkInput, input);
    const mark = companyCar === 'none' ? null : companyCar === 'yes';
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('charge_sessions')
        .select(['company_car', 'device_id'])
        .where('id', '=', sessionId)
        .where('site_id', '=', siteId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound();
      await trx
        .updateTable('charge_sessions')
        .set({ company_car: mark })
        .where('id', '=', sessionId)
        .execute();
      await recordAudit(trx, actor, {
        action: 'companyCar.session',
        entityType: 'charge_session',
        entityId: sessionId,
        organizationId: access.organizationId,
        siteId,
        before: { companyCar: before.company_car === null ? null : Boolean(before.company_car) },
        after: { companyCar: mark },
      });
    });
  }

  /** An archived statement's PDF or CSV, to whoever may see the site. */
  async file(actor: Actor, input: unknown): Promise<{ filename: string; contentType: string; body: Buffer }> {
    const { siteId, statementId, format } = parseInput(statementFileInput, input);
    await requireSite(this.deps.db, actor, siteId, 'site.data');
    const s = await this.deps.db
      .selectFrom('company_car_statements')
      .select(['pdf', 'csv', 'month', 'version', 'device_id'])
      .where('id', '=', statementId)
      .where('site_id', '=', siteId)
      .executeTakeFirst();
    if (!s) throw notFound();
    const filename = statementFileName(s, format);
    return format === 'pdf'
      ? { filename, contentType: 'application/pdf', body: Buffer.from(s.pdf) }
      : { filename, contentType: CSV_CONTENT_TYPE, body: Buffer.from(s.csv, 'utf8') };
  }

  /** The CREG rate table, newest first (staff). */
  async rates(actor: Actor) {
    requirePermission(actor, 'capacityRates.read');
    const rows = await this.deps.db
      .selectFrom('creg_rates')
      .select(['region', 'quarter', 'eur_per_kwh', 'updated_at'])
      .orderBy('quarter', 'desc')
      .orderBy('region')
      .execute();
    return {
      rates: rows.map((r) => ({
        region: r.region,
        quarter: r.quarter,
        eurPerKwh: r.eur_per_kwh,
        updatedAt: r.updated_at.toISOString(),
      })),
      canEdit: can(actor, 'capacityRates.manage') && !(actor.type === 'user' && actor.readOnly),
    };
  }

  /** Saves the CREG's rate of a region and quarter (admins; audited). A late rate gives corrections at the next run. */
  async saveRate(actor: Actor, input: unknown): Promise<void> {
    requireWritable(actor);
    requirePermission(actor, 'capacityRates.manage');
    const q = parseInput(cregRateInput, input);
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await lockedCregRate(trx, q);
      const row = {
        eur_per_kwh: q.eurPerKwh,
        updated_by_user_id: actor.type === 'user' ? actor.userId : null,
        updated_at: this.deps.clock.now(),
      };
      await trx
        .insertInto('creg_rates')
        .values({ region: q.region, quarter: q.quarter, ...row })
        .onDuplicateKeyUpdate(row)
        .execute();
      await recordAudit(trx, actor, {
        action: 'creg_rate.save',
        entityType: 'creg_rate',
        entityId: `${q.region}@${q.quarter}`,
        before: before ? { eurPerKwh: before.eur_per_kwh } : undefined,
        after: { eurPerKwh: q.eurPerKwh },
      });
    });
  }

  /**
   * Deletes a region's quarter rate entered by mistake (admins; audited). Statements made with it stay as sent; a
   * month still to state then takes the latest rate published before that quarter, provisionally.
   */
  async deleteRate(actor: Actor, input: unknown): Promise<void> {
    requireWritable(actor);
    requirePermission(actor, 'capacityRates.manage');
    const q = parseInput(cregRateDeleteInput, input);
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await lockedCregRate(trx, q);
      if (!before) throw notFound();
      await trx
        .deleteFrom('creg_rates')
        .where('region', '=', q.region)
        .where('quarter', '=', q.quarter)
        .execute();
      await recordAudit(trx, actor, {
        action: 'creg_rate.delete',
        entityType: 'creg_rate',
        entityId: `${q.region}@${q.quarter}`,
        before: { eurPerKwh: before.eur_per_kwh },
      });
    });
  }

  /**
   * The month's statements (system, the monthly job): for every company car, version 1 if it has none for the month;
   * a correction when the last one used a provisional rate and the month's own quarter rate is now published, or when
   * the sessions it counts changed since (the owner marked one: decision 304). Idempotent: a run that finds nothing
   * changed adds nothing, and (charger, month, version) is unique. Returns the new statements' ids.
   */
  async run(month: LocalMonth): Promise<number[]> {
    const db = this.deps.db;
    const cars = await db.selectFrom('company_cars').selectAll().execute();
    const created: number[] = [];
    for (const car of cars) {
      const last = await db
        .selectFrom('company_car_statements')
        .select(['version', 'rate_final', 'total_eur', 'sessions', 'energy_wh'])
        .where('device_id', '=', car.device_id)
        .where('month', '=', month)
        .orderBy('version', 'desc')
        .executeTakeFirst();
      const rate = await rateFor(db, car.region, month);
      if (!rate) continue; // no CREG rate yet at all: wait for the first one
      const sessions = await sessionsOf(db, car, month);
      if (last) {
        const lateRate = rate.final && !last.rate_final;
        const energyWh = sessions.reduce((sum, x) => sum + x.energyWh, 0);
        const otherSessions = sessions.length !== last.sessions || energyWh !== Number(last.energy_wh);
        if (!lateRate && !otherSessions) continue; // nothing new to say
      }
      const made = await this.makeStatement(car, month, rate, sessions, last ?? null);
      if (made !== null) created.push(made);
    }
    return created;
  }

  /** Statements not mailed yet, with what the mail needs (the job sends them and marks them sent). */
  async unsent(): Promise<
    Array<{
      id: number;
      to: string;
      locale: Locale;
      month: string;
      version: number;
      charger: string;
      address: string;
      totalEur: string | null;
      pdf: Buffer;
      csv: string;
      filename: (format: 'pdf' | 'csv') => string;
    }>
  > {
    const rows = await this.deps.db
      .selectFrom('company_car_statements as s')
      .innerJoin('devices as d', 'd.id', 's.device_id')
      .innerJoin('sites as st', 'st.id', 's.site_id')
      .select([
        's.id',
        's.device_id',
        's.employer_email',
        's.locale',
        's.month',
        's.version',
        's.total_eur',
        's.pdf',
        's.csv',
        'd.device_key',
        'd.manufacturer',
        'd.model',
        'st.street',
        'st.house_number',
        'st.postal_code',
        'st.city',
      ])
      .where('s.sent_at', 'is', null)
      .orderBy('s.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      to: r.employer_email,
      locale: r.locale,
      month: r.month,
      version: r.version,
      charger: chargerName(r),
      address: formatAddress(r),
      totalEur: r.total_eur,
      pdf: Buffer.from(r.pdf),
      csv: r.csv,
      filename: (format) => statementFileName(r, format),
    }));
  }

  async markSent(statementId: number): Promise<void> {
    await this.deps.db
      .updateTable('company_car_statements')
      .set({ sent_at: this.deps.clock.now() })
      .where('id', '=', statementId)
      .where('sent_at', 'is', null)
      .execute();
  }

  private async makeStatement(
    car: { device_id: number; site_id: number; employer_email: string; region: CregRegion; locale: Locale },
    month: LocalMonth,
    rate: { quarter: string; eurPerKwh: string; final: boolean },
    sessions: StatementSession[],
    last: { version: number; total_eur: string | null } | null,
  ): Promise<number | null> {
    const db = this.deps.db;
    if (sessions.length === 0 && !last) return null; // nothing charged: no statement
    const amounts = statementAmounts(sessions, rate.eurPerKwh);
    const version = (last?.version ?? 0) + 1;
    const difference =
      last?.total_eur != null
        ? formatDecimal(parseDecimal(amounts.totalEur, 2) - parseDecimal(last.total_eur, 2), 2)
        : null;
    const [device, site] = await Promise.all([
      db
        .selectFrom('devices')
        .select(['device_key', 'manufacturer', 'model'])
        .where('id', '=', car.device_id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('sites')
        .select(['street', 'house_number', 'postal_code', 'city'])
        .where('id', '=', car.site_id)
        .executeTakeFirstOrThrow(),
    ]);
    const doc = {
      month,
      version,
      region: car.region,
      charger: chargerName(device),
      address: formatAddress(site),
      employerEmail: car.employer_email,
      rate,
      sessions,
      amounts,
      difference,
      generatedAt: this.deps.clock.now(),
    };
    const [pdf, csv] = [await statementPdf(doc, car.locale), statementCsv(doc, car.locale)];
    const r = await db
      .insertInto('company_car_statements')
      .values({
        device_id: car.device_id,
        site_id: car.site_id,
        month,
        version,
        region: car.region,
        rate_quarter: rate.quarter,
        eur_per_kwh: rate.eurPerKwh,
        rate_final: rate.final,
        sessions: sessions.length,
        energy_wh: amounts.energyWh,
        total_eur: amounts.totalEur,
        difference_eur: difference,
        employer_email: car.employer_email,
        locale: car.locale,
        pdf,
        csv,
      })
      .ignore()
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0 ? Number(r.insertId) : null;
  }
}

function chargerName(d: { device_key: string; manufacturer: string | null; model: string }): string {
  return `${[d.manufacturer, d.model].filter(Boolean).join(' ')} (${d.device_key})`.trim();
}

function statementFileName(s: { month: string; version: number; device_id: number }, format: 'pdf' | 'csv') {
  const v = s.version > 1 ? `-correctie-${s.version - 1}` : '';
  return `bedrijfswagen-${s.device_id}-${s.month}${v}.${format}`;
}

/** The month's quarter rate of the region (final), else the latest one published before it (provisional). */
async function rateFor(db: Conn, region: CregRegion, month: LocalMonth) {
  const quarter = quarterOfMonth(month);
  const r = await db
    .selectFrom('creg_rates')
    .select(['quarter', 'eur_per_kwh'])
    .where('region', '=', region)
    .where('quarter', '<=', quarter)
    .orderBy('quarter', 'desc')
    .executeTakeFirst();
  if (!r) return null;
  return { quarter: r.quarter, eurPerKwh: r.eur_per_kwh, final: r.quarter === quarter };
}

/** Whether a session counts on its charger's statement: its own mark, else the charger's rule (decision 304). */
export function sessionCounts(rule: CompanyCarSessions, mark: boolean | number | null): boolean {
  return mark === null ? rule === 'all' : Boolean(mark);
}

/**
 * The sessions of a company-car charger that started in the month (Brussels), ended and count (`sessionCounts`), with
 * its meter's readings around them.
 */
async function sessionsOf(
  db: Conn,
  car: { device_id: number; site_id: number; sessions: CompanyCarSessions },
  month: LocalMonth,
) {
  const { device_id: deviceId, site_id: siteId } = car;
  const range = monthRange(`${month}-01`);
  let query = db
    .selectFrom('charge_sessions')
    .select(['started_at', 'ended_at', 'energy_wh'])
    .where('device_id', '=', deviceId)
    .where('started_at', '>=', new Date(range.start))
    .where('started_at', '<', new Date(range.end))
    .where('ended_at', 'is not', null);
  query =
    car.sessions === 'all'
      ? query.where((eb) => eb.or([eb('company_car', 'is', null), eb('company_car', '=', true)]))
      : query.where('company_car', '=', true);
  const rows = await query.orderBy('started_at').execute();
  if (rows.length === 0) return [];
  const device = await db
    .selectFrom('devices')
    .select('device_key')
    .where('id', '=', deviceId)
    .executeTakeFirst();
  // The gateway names the charger by its device key in its counters too (decision 071).
  const key = device?.device_key ?? null;
  const quarter = 15 * 60_000;
  const last = rows.reduce((m, r) => Math.max(m, r.ended_at!.getTime()), 0);
  const counters = key
    ? await db
        .selectFrom('energy_counters')
        .select(['ts', 'counters'])
        .where('site_id', '=', siteId)
        .where('ts', '>=', new Date(rows[0]!.started_at.getTime() - quarter))
        .where('ts', '<=', new Date(last + quarter))
        .execute()
    : [];
  const meter = new Map<number, number>();
  for (const c of counters) {
    const chargers = readJson<{ chargers?: Array<{ id: string; wh: number }> }>(c.counters)?.chargers;
    const wh = chargers?.find((x) => x.id === key)?.wh;
    if (wh !== undefined) meter.set(c.ts.getTime(), wh);
  }
  return rows.map((r): StatementSession => {
    const start = Math.floor(r.started_at.getTime() / quarter) * quarter;
    const end = Math.ceil(r.ended_at!.getTime() / quarter) * quarter;
    return {
      startedAt: r.started_at,
      endedAt: r.ended_at!,
      energyWh: r.energy_wh,
      meterStartWh: meter.get(start) ?? null,
      meterEndWh: meter.get(end) ?? null,
    };
  });
}

interface StatementDoc {
  month: string;
  version: number;
  region: CregRegion;
  charger: string;
  address: string;
  employerEmail: string;
  rate: { quarter: string; eurPerKwh: string; final: boolean };
  sessions: StatementSession[];
  amounts: ReturnType<typeof statementAmounts>;
  difference: string | null;
  generatedAt: Date;
}

const kwh = (wh: number | null) => (wh === null ? '—' : csvKwh(wh));

function statementTexts(doc: StatementDoc, locale: Locale) {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const [y, q] = doc.rate.quarter.split('-Q');
  return {
    t,
    title: t(doc.version > 1 ? 'companyCar.statement.correctionTitle' : 'companyCar.statement.title', {
      month: doc.month,
      version: doc.version - 1,
    }),
    rateSource: t(
      doc.rate.final ? 'companyCar.statement.rateFinal' : 'companyCar.statement.rateProvisional',
      {
        region: t(`companyCar.region.${doc.region}`),
        quarter: `Q${q} ${y}`,
        rate: formatEuro(locale, doc.rate.eurPerKwh, 4),
      },
    ),
    columns: [
      t('companyCar.statement.start'),
      t('companyCar.statement.end'),
      t('companyCar.statement.kwh'),
      t('companyCar.statement.meterStart'),
      t('companyCar.statement.meterEnd'),
      t('companyCar.statement.amount'),
    ],
  };
}

function statementPdf(doc: StatementDoc, locale: Locale): Promise<Buffer> {
  const { t, title, rateSource, columns } = statementTexts(doc, locale);
  const pdf = pdfDocument({ title, subtitle: doc.address })
    .row(t('companyCar.statement.charger'), doc.charger)
    .row(t('companyCar.statement.employer'), doc.employerEmail)
    .row(t('companyCar.statement.rate'), rateSource)
    .section(t('companyCar.statement.sessions', { count: doc.sessions.length }))
    .table(
      columns.map((header, i) => ({ header, weight: i < 2 ? 1.4 : 1, align: i < 2 ? 'left' : 'right' })),
      [
        ...doc.sessions.map((s, i) => [
          formatDateTime(locale, s.startedAt),
          formatDateTime(locale, s.endedAt),
          kwh(s.energyWh),
          kwh(s.meterStartWh),
          kwh(s.meterEndWh),
          formatEuro(locale, doc.amounts.lines[i]!),
        ]),
        [
          t('companyCar.statement.total'),
          '',
          kwh(doc.amounts.energyWh),
          '',
          '',
          formatEuro(locale, doc.amounts.totalEur),
        ],
      ],
      { boldLast: true },
    );
  if (doc.difference !== null)
    pdf.text(t('companyCar.statement.difference', { amount: formatEuro(locale, doc.difference) }), {
      bold: true,
    });
  return pdf
    .footer([
      t('companyCar.statement.legal'),
      `${t('companyCar.statement.generated')}: ${formatDate(locale, doc.generatedAt)}`,
    ])
    .end();
}

function statementCsv(doc: StatementDoc, locale: Locale): string {
  const { t, columns } = statementTexts(doc, locale);
  const header = [
    ...columns.slice(0, 5),
    t('companyCar.statement.rate'),
    t('companyCar.statement.rateQuarter'),
  ];
  const rate = doc.rate.eurPerKwh.replace('.', ',');
  return csvDocument(
    [...header.map((h) => ({ header: h })), { header: columns[5]! }],
    [
      ...doc.sessions.map((s, i) => [
        csvDateTime(s.startedAt),
        csvDateTime(s.endedAt),
        csvKwh(s.energyWh),
        s.meterStartWh === null ? '' : csvKwh(s.meterStartWh),
        s.meterEndWh === null ? '' : csvKwh(s.meterEndWh),
        rate,
        doc.rate.quarter,
        doc.amounts.lines[i]!.replace('.', ','),
      ]),
      [
        t('companyCar.statement.total'),
        '',
        csvKwh(doc.amounts.energyWh),
        '',
        '',
        rate,
        doc.rate.quarter,
        doc.amounts.totalEur.replace('.', ','),
      ],
    ],
  );
}

/** The month before the one of `at` (Brussels): the month a run at the start of a month states. */
export function previousMonth(at: Date): LocalMonth {
  const m = localMonth(at);
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 1 ? `${y - 1}-12` : `${y}-${String(mm - 1).padStart(2, '0')}`;
}

/** A region's quarter rate, locked for the change about to be made to it (saving or deleting it). */
function lockedCregRate(trx: Transaction<Database>, q: { region: CregRegion; quarter: string }) {
  return trx
    .selectFrom('creg_rates')
    .select('eur_per_kwh')
    .where('region', '=', q.region)
    .where('quarter', '=', q.quarter)
    .forUpdate()
    .executeTakeFirst();
}
