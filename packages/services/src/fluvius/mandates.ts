import { randomUUID } from 'node:crypto';
import { type Database, isDuplicateKey, type MandateState, sql, type Transaction } from '@ilumen/db';

type Trx = Transaction<Database>;

import { FluviusError } from '@ilumen/fluvius';
import { addDays, brusselsDayStart, brusselsLocalDate } from '@ilumen/fluvius/time';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { AppError, conflict, fieldError, forbidden, notFound } from '../errors';
import {
  canOnSite,
  homeSiteScope,
  mandateAccess,
  requirePermission,
  requireSite,
  requireUser,
  requireWritable,
  siteAccess,
  siteListScope,
} from '../policy';
import { formatAddress } from '../sites/address';
import { likeEscape, refreshSiteSearch, siteSearchConditions } from '../sites/site-search';
import { siteAddressFields } from '../sites/sites';
import { bool, ean, id, listQuery, paging, parseInput, sorting } from '../validation';
import {
  defaultMandateSettings,
  type MandateFluvius,
  type MandateSettings,
  withFluviusClient,
} from './access';
import { type MandateView, type MandateWithSite, toMandateView } from './mandate-view';
import { FLUVIUS_JOB_RETRY } from './sync';

const optionalId = () => z.preprocess((v) => (v === '' || v === null ? undefined : v), id().optional());

export const mandateStartInput = z.object({ ean: ean(), siteId: optionalId() });
export const mandateReturnInput = z.object({
  ref: z.string().regex(/^[A-Za-z0-9]{1,64}$/),
  result: z.enum(['success', 'failed']).catch('success'),
});
export const mandateIdInput = z.object({ mandateId: id() });
export const mandateLinkInput = z.object({ mandateId: id(), siteId: id() });
export const mandateNewAddressInput = z.object({ mandateId: id(), ...siteAddressFields });
export const mandateSiteInput = z.object({ siteId: id() });

export const MANDATE_SORTS = [
  'created_at',
  'status',
  'expires_at',
  'last_sync_at',
  'synced_through',
  'ean',
] as const;
export const MANDATE_FILTER_STATUSES = [
  'pending',
  'requested',
  'approved',
  'linked',
  'rejected',
  'gas',
  'expired',
  'revoked',
  'cancelled',
] as const;
export const mandateListInput = listQuery({
  ...paging(25),
  ...sorting(MANDATE_SORTS, 'created_at', true),
  search: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().max(100)).optional(),
  status: z.enum(MANDATE_FILTER_STATUSES).optional().catch(undefined),
  organizationId: z.coerce.number().int().positive().optional().catch(undefined),
  problems: z.preprocess((v) => (v === undefined || v === '' ? false : v), bool()).catch(false),
  renewal: z.preprocess((v) => (v === undefined || v === '' ? false : v), bool()).catch(false),
});

/** The statuses in which a mandate still waits for a decision at Fluvius (or for the homeowner there). */
export const OPEN_STATUSES: MandateState[] = ['pending', 'requested'];

/**
 * The Fluvius mandate as people use it (manual §1C): a homeowner (the "+") or an installer (a site's page) enters the
 * EAN and is sent to Mijn Fluvius, comes back, and once Fluvius approved, links the meter to an address. What runs
 * without a person (polling, syncing, backfilling, renewals) is `MandateSync`.
 */
export class MandateService {
  private readonly settings: MandateSettings;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly fluvius: MandateFluvius,
  ) {
    this.settings = { ...defaultMandateSettings, ...fluvius.settings };
  }

  private query() {
    return this.deps.db
      .selectFrom('fluvius_mandates as m')
      .leftJoin('sites as s', 's.id', 'm.site_id')
      .selectAll('m')
      .select(['s.street', 's.house_number', 's.postal_code', 's.city']);
  }

  private async load(mandateId: number): Promise<MandateWithSite | undefined> {
    return this.query().where('m.id', '=', mandateId).executeTakeFirst();
  }

  /** The mandate if the actor may see it ("not found" otherwise), and whether it may act on it. */
  private async visible(actor: Actor, mandateId: number) {
    const row = await this.load(mandateId);
    const access = row ? await mandateAccess(this.deps.db, actor, row) : null;
    if (!row || !access) throw notFound();
    return { row, access };
  }

  private async actOn(actor: Actor, mandateId: number) {
    requireWritable(actor);
    const found = await this.visible(actor, mandateId);
    if (!found.access.act) throw forbidden();
    return found.row;
  }

  /**
   * Starts a mandate request: checks the EAN, asks Fluvius for a short URL and returns where to send the person. The
   * site (when given) is decided before anything else is read from the input.
   */
  async start(actor: Actor, input: unknown): Promise<{ mandateId: number; consentUrl: string }> {
    requireWritable(actor);
    const user = requireUser(actor);
    const { siteId } = parseInput(z.object({ siteId: optionalId() }), input);
    const access =
      siteId === undefined ? null : await requireSite(this.deps.db, actor, siteId, 'site.fluvius');
    const { ean: code } = parseInput(mandateStartInput, input);
    const db = this.deps.db;

    // Only meters of the organization the request is for, or of addresses the person may manage, count: whether
    // another tenant holds this EAN is not this person's to learn (decision 083).
    const meters = await db
      .selectFrom('meters')
      .select(['site_id', 'organization_id', 'energy_type'])
      .where('ean', '=', code)
      .execute();
    const ours: typeof meters = [];
    for (const meter of meters) {
      const counts =
        access !== null
          ? meter.organization_id === access.organizationId
          : canOnSite(await siteAccess(db, actor, meter.site_id), 'site.fluvius');
      if (counts) ours.push(meter);
    }
    const gasMandate = await db
      .selectFrom('fluvius_mandates')
      .select(['id', 'user_id', 'site_id'])
      .where('ean', '=', code)
      .where('energy_type', '=', 'G')
      .execute();
    let knownGas = ours.some((m) => m.energy_type === 'G');
    for (const other of gasMandate) if (!knownGas && (await mandateAccess(db, actor, other))) knownGas = true;
    if (knownGas) throw fieldError('ean', 'mandate.error.gas');

    // From an address, its organization may not have the EAN at another of its addresses; from "+", an EAN already
    // at one of the person's own addresses is simply that address.
    if (siteId !== undefined && ours.some((m) => m.site_id !== siteId))
      throw fieldError('ean', 'mandate.error.eanElsewhere');

    const running = await db
      .selectFrom('fluvius_mandates')
      .select(['id', 'user_id', 'site_id'])
      .where('ean', '=', code)
      .where('status', '=', 'approved')
      .where('renewal_status', 'is', null)
      .execute();
    for (const other of running) {
      if (await mandateAccess(db, actor, other)) throw fieldError('ean', 'mandate.error.alreadyApproved');
    }
    // One open request per EAN: a second one would leave the first waiting for a consent that goes to the second.
    const open = await db
      .selectFrom('fluvius_mandates')
      .select(['id', 'user_id', 'site_id', 'created_at'])
      .where('ean', '=', code)
      .where('status', 'in', ['pending', 'requested'])
      .orderBy('created_at', 'desc')
      .execute();
    for (const other of open) {
      if (await mandateAccess(db, actor, other))
        throw fieldError('ean', 'mandate.error.alreadyPending', {
          date: brusselsLocalDate(other.created_at).split('-').reverse().join('/'),
        });
    }

    if (!this.fluvius.access) throw conflict('mandate.error.notConfigured');
    const now = this.deps.clock.now();
    const today = brusselsLocalDate(now);
    const reference = randomUUID().replace(/-/g, '');
    const back = `${this.deps.publicUrl.replace(/\/+$/, '')}/fluvius-return?ref=${reference}`;
    let shortUrl: Awaited<ReturnType<import('@ilumen/fluvius').FluviusClient['createShortUrl']>>;
    try {
      shortUrl = await withFluviusClient(this.fluvius.access, (client) =>
        client.createShortUrl({
          referenceNumber: reference,
          dataServices: [
            {
              dataServiceType: 'VH_kwartier_uur',
              dataPeriodFrom: brusselsDayStart(addDays(today, -this.settings.historyDays)),
              dataPeriodTo: brusselsDayStart(addDays(today, this.settings.validityDays)),
            },
          ],
          returnUrlSuccess: `${back}&result=success`,
          returnUrlFailed: `${back}&result=failed`,
        }),
      );
    } catch (error) {
      if (error instanceof FluviusError) throw new AppError('conflict', 'mandate.error.fluvius');
      throw error;
    }

    const fromConsole = access !== null && (access.via === 'staff' || access.via === 'installer');
    const owner =
      fromConsole && siteId !== undefined
        ? await db
            .selectFrom('site_members')
            .select('user_id')
            .where('site_id', '=', siteId)
            .where('role', '=', 'owner')
            .orderBy('id')
            .executeTakeFirst()
        : undefined;
    const mandateId = await db.transaction().execute(async (trx) => {
      const res = await trx
        .insertInto('fluvius_mandates')
        .values({
          reference_number: reference,
          origin: fromConsole ? 'console' : 'home',
          site_id: siteId ?? null,
          user_id: fromConsole ? (owner?.user_id ?? null) : user.userId,
          requested_by_user_id: user.userId,
          ean: code,
          consent_url: shortUrl.consentUrl,
          consent_valid_to: shortUrl.validTo ?? new Date(now.getTime() + 24 * 3600_000),
          created_at: now,
          updated_at: now,
        })
        .executeTakeFirstOrThrow();
      const newId = Number(res.insertId);
      await recordAudit(trx, actor, {
        action: 'mandate.start',
        entityType: 'fluvius_mandate',
        entityId: newId,
        siteId: siteId ?? null,
        organizationId: access?.organizationId ?? null,
        after: { ean: code, reference },
      });
      return newId;
    });
    return { mandateId, consentUrl: shortUrl.consentUrl };
  }

  /** The person is back from Mijn Fluvius: note it and ask Fluvius at once rather than at the next hourly poll. */
  async returned(actor: Actor, input: unknown): Promise<MandateView> {
    const { ref, result } = parseInput(mandateReturnInput, input);
    const row = await this.query().where('m.reference_number', '=', ref).executeTakeFirst();
    const access = row ? await mandateAccess(this.deps.db, actor, row) : null;
    if (!row || !access) throw notFound();
    const now = this.deps.clock.now();
    if (row.returned_at === null && !(actor.type === 'user' && actor.readOnly)) {
      await this.deps.db
        .updateTable('fluvius_mandates')
        .set({ returned_at: now, return_result: result, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      row.returned_at = now;
      row.return_result = result;
      await this.deps.jobs.add(
        'fluvius',
        'pollMandate',
        { mandateId: row.id },
        { jobId: `poll-${row.id}-return` },
      );
    }
    return toMandateView(row, now, access.act);
  }

  /**
   * The homeowner's own mandates (those they asked for and those of the addresses they own) and the addresses they
   * may link a meter to.
   */
  async mine(actor: Actor) {
    const user = requireUser(actor);
    const scope = homeSiteScope(user);
    const owned = this.deps.db
      .selectFrom('site_members')
      .select('site_id')
      .where('user_id', '=', user.userId)
      .where('role', '=', 'owner');
    let q = this.query().where((eb) =>
      eb.or([eb('m.user_id', '=', user.userId), eb('m.site_id', 'in', owned)]),
    );
    if ('siteId' in scope) {
      q = q.where((eb) =>
        eb.or([
          eb('m.site_id', '=', scope.siteId),
          eb.and([eb('m.site_id', 'is', null), eb('m.user_id', '=', user.userId)]),
        ]),
      );
    }
    const rows = await q.orderBy('m.created_at', 'desc').orderBy('m.id', 'desc').limit(100).execute();
    let targets = this.deps.db
      .selectFrom('site_members as sm')
      .innerJoin('sites as s', 's.id', 'sm.site_id')
      .leftJoin('meters as mt', (join) =>
        join.onRef('mt.site_id', '=', 's.id').on('mt.energy_type', '=', 'E'),
      )
      .select(['s.id', 's.street', 's.house_number', 's.postal_code', 's.city', 'mt.ean'])
      .where('sm.user_id', '=', user.userId)
      .where('sm.role', '=', 'owner');
    if ('siteId' in scope) targets = targets.where('s.id', '=', scope.siteId);
    const sites = await targets.orderBy('s.street').orderBy('s.id').execute();
    const now = this.deps.clock.now();
    return {
      mandates: rows.map((r) => toMandateView(r, now, !user.readOnly)),
      targets: sites.map((s) => ({ siteId: s.id, address: formatAddress(s), meterEan: s.ean })),
    };
  }

  /** One mandate as the person who may see it sees it. */
  async get(actor: Actor, input: unknown): Promise<MandateView> {
    const { mandateId } = parseInput(mandateIdInput, input);
    const { row, access } = await this.visible(actor, mandateId);
    return toMandateView(
      row,
      this.deps.clock.now(),
      access.act && !(actor.type === 'user' && actor.readOnly),
    );
  }

  /** A site's mandates and meters, for the console (homeowners have `mine`). */
  async forSite(actor: Actor, input: unknown) {
    const { siteId } = parseInput(mandateSiteInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.console');
    const [rows, meters] = await Promise.all([
      this.query()
        .where('m.site_id', '=', siteId)
        .orderBy('m.created_at', 'desc')
        .orderBy('m.id', 'desc')
        .limit(50)
        .execute(),
      this.deps.db
        .selectFrom('meters')
        .select(['id', 'ean', 'energy_type', 'active_since'])
        .where('site_id', '=', siteId)
        .orderBy('id')
        .execute(),
    ]);
    const canAct = canOnSite(access, 'site.fluvius') && !(actor.type === 'user' && actor.readOnly);
    const now = this.deps.clock.now();
    return {
      canStart: canAct,
      mandates: rows.map((r) => toMandateView(r, now, canAct)),
      meters: meters.map((m) => ({
        id: m.id,
        ean: m.ean,
        energyType: m.energy_type,
        activeSince: m.active_since,
      })),
    };
  }

  /** The fleet's mandates for support: one page, filtered and sorted on the server, cut to the caller's sites. */
  async list(actor: Actor, input: unknown = {}) {
    requirePermission(actor, 'mandates.list');
    const q = parseInput(mandateListInput, input);
    const scope = siteListScope(actor);
    if ('organizationIds' in scope && scope.organizationIds.length === 0)
      return { rows: [], total: 0, page: q.page, pageSize: q.pageSize, sort: q.sort, desc: q.desc };
    let base = this.deps.db.selectFrom('fluvius_mandates as m').leftJoin('sites as s', 's.id', 'm.site_id');
    if ('organizationIds' in scope) base = base.where('s.organization_id', 'in', scope.organizationIds);
    if (q.organizationId) base = base.where('s.organization_id', '=', q.organizationId);
    if (q.status === 'linked')
      base = base.where('m.status', '=', 'approved').where('m.linked_at', 'is not', null);
    else if (q.status === 'approved')
      base = base.where('m.status', '=', 'approved').where('m.linked_at', 'is', null);
    else if (q.status) base = base.where('m.status', '=', q.status);
    if (q.problems) base = base.where('m.last_error', 'is not', null);
    if (q.renewal)
      base = base.where((eb) =>
        eb.or([eb('m.renewal_status', 'is not', null), eb('m.status', '=', 'expired')]),
      );
    if (q.search) {
      const term = q.search;
      base = base.where((eb) =>
        /^\d+$/.test(term)
          ? eb('m.ean', 'like', `${likeEscape(term)}%`)
          : eb.or([
              eb('m.reference_number', '=', term.replace(/-/g, '')),
              eb.and(siteSearchConditions(true, 's', term)),
            ]),
      );
    }
    const total = Number((await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base
      .leftJoin('organizations as o', 'o.id', 's.organization_id')
      .selectAll('m')
      .select(['s.street', 's.house_number', 's.postal_code', 's.city', 'o.name as organization_name'])
      .orderBy(`m.${q.sort}`, q.desc ? 'desc' : 'asc')
      .orderBy('m.id', q.desc ? 'desc' : 'asc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    const now = this.deps.clock.now();
    return {
      rows: rows.map((r) => ({ ...toMandateView(r, now, false), organizationName: r.organization_name })),
      total,
      page: q.page,
      pageSize: q.pageSize,
      sort: q.sort,
      desc: q.desc,
    };
  }

  /**
   * Links an approved mandate's meter to an address: uses the meter row of that EAN when the address has it, creates
   * it otherwise. From then on the data syncs every night, and the history is fetched at once.
   */
  async link(actor: Actor, input: unknown): Promise<MandateView> {
    const { mandateId } = parseInput(mandateIdInput, input);
    const row = await this.actOn(actor, mandateId);
    const { siteId } = parseInput(mandateLinkInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.fluvius');
    if (row.status !== 'approved' || row.linked_at !== null || row.energy_type === 'G')
      throw conflict('mandate.error.notLinkable');
    if (row.site_id !== null && row.site_id !== siteId)
      throw fieldError('siteId', 'mandate.error.notLinkable');
    const now = this.deps.clock.now();
    const today = brusselsLocalDate(now);
    const historyFrom = this.historyFrom(row, today);

    await this.deps.db
      .transaction()
      .execute((trx) =>
        this.attach(trx, actor, row, { siteId, organizationId: access.organizationId, now, historyFrom }),
      );
    await this.deps.jobs.add(
      'fluvius',
      'backfill',
      { mandateId: row.id },
      { ...FLUVIUS_JOB_RETRY, jobId: `backfill-${row.id}-${today}` },
    );
    const linked = await this.load(row.id);
    return toMandateView(linked!, now, true);
  }

  /**
   * "Adres toevoegen" ends here: an approved mandate asked from the homeowner view for an EAN of no address yet makes
   * that address, with the person as its main user, and links the meter to it in one step (decision 105). The address
   * belongs to iLumen's own tenant until an installer takes it on.
   */
  async linkNewAddress(actor: Actor, input: unknown): Promise<MandateView> {
    const { mandateId } = parseInput(mandateIdInput, input);
    const row = await this.actOn(actor, mandateId);
    const user = requireUser(actor);
    if (
      row.status !== 'approved' ||
      row.linked_at !== null ||
      row.energy_type === 'G' ||
      row.site_id !== null
    )
      throw conflict('mandate.error.notLinkable');
    // the person who asked for it; an installer's request belongs to the address it was started from
    if (row.user_id !== user.userId) throw forbidden();
    const address = parseInput(mandateNewAddressInput, input);
    const db = this.deps.db;
    const tenant = await db
      .selectFrom('organizations')
      .select('id')
      .where('kind', '=', 'operator')
      .orderBy('id')
      .executeTakeFirst();
    if (!tenant) throw conflict('mandate.error.notLinkable');
    const now = this.deps.clock.now();
    const today = brusselsLocalDate(now);
    const historyFrom = this.historyFrom(row, today);
    const siteId = await db.transaction().execute(async (trx) => {
      const values = {
        organization_id: tenant.id,
        street: address.street,
        house_number: address.houseNumber,
        postal_code: address.postalCode,
        city: address.city,
        status: 'active' as const,
      };
      const res = await trx.insertInto('sites').values(values).executeTakeFirstOrThrow();
      const newSiteId = Number(res.insertId);
      await trx
        .insertInto('site_members')
        .values({ site_id: newSiteId, user_id: user.userId, role: 'owner', scope: 'all' })
        .execute();
      await refreshSiteSearch(trx, newSiteId);
      await recordAudit(trx, actor, {
        action: 'site.create',
        entityType: 'site',
        entityId: newSiteId,
        organizationId: tenant.id,
        siteId: newSiteId,
        after: { ...values, owner: user.userId, mandate: row.id },
      });
      await this.attach(trx, actor, row, { siteId: newSiteId, organizationId: tenant.id, now, historyFrom });
      return newSiteId;
    });
    await this.deps.jobs.add(
      'fluvius',
      'backfill',
      { mandateId: row.id },
      { ...FLUVIUS_JOB_RETRY, jobId: `backfill-${row.id}-${today}` },
    );
    const linked = await this.load(row.id);
    if (!linked || linked.site_id !== siteId) throw notFound();
    return toMandateView(linked, now, true);
  }

  /** From which day the backfill fetches: the setting's history, not before the mandate's own period. */
  private historyFrom(row: MandateWithSite, today: string): string {
    const earliest = addDays(today, -this.settings.historyDays);
    const mandateStart = row.data_period_from ? brusselsLocalDate(row.data_period_from) : earliest;
    // Brussels days compare as text; the later one wins.
    return [earliest, mandateStart].sort()[1]!;
  }

  /** Links the mandate's meter to the site inside the caller's transaction (the meter row is made when missing). */
  private async attach(
    trx: Trx,
    actor: Actor,
    row: MandateWithSite,
    at: { siteId: number; organizationId: number; now: Date; historyFrom: string },
  ): Promise<void> {
    const { siteId, organizationId, now, historyFrom } = at;
    const today = brusselsLocalDate(now);
    const meter = await trx
      .selectFrom('meters')
      .select(['id', 'site_id'])
      .where('ean', '=', row.ean)
      .where('organization_id', '=', organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (meter && meter.site_id !== siteId) throw fieldError('siteId', 'mandate.error.eanElsewhere');
    const other = await trx
      .selectFrom('meters')
      .select('ean')
      .where('site_id', '=', siteId)
      .where('energy_type', '=', 'E')
      .where('ean', '!=', row.ean)
      .executeTakeFirst();
    if (other) throw fieldError('siteId', 'mandate.error.siteHasMeter', { ean: other.ean });
    let meterId = meter?.id;
    if (meterId === undefined) {
      try {
        const res = await trx
          .insertInto('meters')
          .values({ site_id: siteId, ean: row.ean, energy_type: 'E', active_since: today })
          .executeTakeFirstOrThrow();
        meterId = Number(res.insertId);
      } catch (error) {
        if (isDuplicateKey(error, 'meters_org_ean_uq'))
          throw fieldError('siteId', 'mandate.error.eanElsewhere');
        throw error;
      }
    }
    await trx
      .updateTable('fluvius_mandates')
      .set({
        site_id: siteId,
        meter_id: meterId,
        linked_at: now,
        linked_by_user_id: actor.type === 'user' ? actor.userId : null,
        // The nightly sync takes over from today; the backfill fills everything before it.
        synced_through: addDays(today, -1),
        backfill_before: today,
        history_from: historyFrom,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'mandate.link',
      entityType: 'fluvius_mandate',
      entityId: row.id,
      siteId,
      organizationId,
      after: { ean: row.ean, meterId },
    });
  }

  /** Gives up a request that Fluvius has not decided on (the person changed their mind, or typed the wrong EAN). */
  async cancel(actor: Actor, input: unknown): Promise<MandateView> {
    const { mandateId } = parseInput(mandateIdInput, input);
    const row = await this.actOn(actor, mandateId);
    if (row.status !== 'pending' && row.status !== 'requested')
      throw conflict('mandate.error.notCancellable');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('fluvius_mandates')
        .set({ status: 'cancelled', updated_at: now })
        .where('id', '=', row.id)
        .execute();
      await recordAudit(trx, actor, {
        action: 'mandate.cancel',
        entityType: 'fluvius_mandate',
        entityId: row.id,
        siteId: row.site_id,
        before: { status: row.status },
        after: { status: 'cancelled' },
      });
    });
    return toMandateView({ ...row, status: 'cancelled' }, now, true);
  }

  /** "Check now": asks Fluvius about this mandate in the background (a double click makes one job). */
  async checkNow(actor: Actor, input: unknown): Promise<void> {
    const { mandateId } = parseInput(mandateIdInput, input);
    const row = await this.actOn(actor, mandateId);
    const minute = Math.floor(this.deps.clock.now().getTime() / 60_000);
    await this.deps.jobs.add(
      'fluvius',
      'pollMandate',
      { mandateId: row.id },
      { jobId: `poll-${row.id}-${minute}` },
    );
  }
}
