import {
  type CommissioningStep,
  type Database,
  isDuplicateKey,
  readJson,
  type Transaction,
  writeJson,
} from '@ilumen/db';
import { brusselsLocalDate } from '@ilumen/fluvius/time';
import type { Locale } from '@ilumen/i18n';
import { z } from 'zod';
import type { Actor } from '../../actor';
import { recordAudit } from '../../audit/record';
import type { ServiceDeps } from '../../deps';
import { type LiveSnapshot, liveKeys } from '../../energy/live';
import { conflict, fieldError, notFound } from '../../errors';
import type { MandateService } from '../../fluvius/mandates';
import { OPEN_STATUSES } from '../../fluvius/mandates';
import type { CommandService } from '../../gateways/commands';
import type { GatewayConfigService } from '../../gateways/config';
import type { GatewayService } from '../../gateways/gateways';
import { notify } from '../../homeowner/notifications';
import type { InvitationService } from '../../organizations/invitations';
import { canOnOrg, requirePermission, requireSite, requireWritable, siteListScope } from '../../policy';
import { nextDeviceKey } from '../../sites/device-key';
import type { SiteService } from '../../sites/sites';
import { bool, ean, email, id, intRange, optionalText, parseInput, text } from '../../validation';
import { liveCheckPassed, runLiveCheck } from './live-check';
import { renderCommissioningPdf } from './pdf';
import { type ConfirmedDevice, chosenDevices, parseEndpoints } from './scan';
import { type CommissioningState, commissioningStateSchema, currentStep, emptyState } from './state';
import { CommissioningViews } from './views';

type Trx = Transaction<Database>;

const siteFields = {
  name: optionalText(120),
  street: text(200),
  houseNumber: text(20),
  postalCode: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string().refine((v) => /^[1-9]\d{3}$/.test(v), 'validation.postalCode'),
  ),
  city: text(100),
  ownerEmail: email(),
};
export const commissioningStartInput = z.object({ organizationId: id(), ...siteFields });
export const commissioningSiteInput = z.object({ siteId: id() });
export const commissioningSaveSiteInput = z.object({ siteId: id(), ...siteFields });
export const commissioningGridInput = z.object({
  siteId: id(),
  gridPhases: z.preprocess(
    (v) => (typeof v === 'string' ? Number(v) : v),
    z.union([z.literal(1), z.literal(3)]),
  ),
  mainFuseA: intRange(6, 400),
});
export const commissioningEanInput = z.object({
  siteId: id(),
  ean: ean(),
  mandate: z.enum(['request', 'skip']).default('request'),
});
export const commissioningClaimInput = z.object({
  siteId: id(),
  serial: z.string().max(40).default(''),
  claimCode: z.string().max(40).default(''),
});
export const commissioningScanInput = z.object({
  siteId: id(),
  endpoints: z.string().max(2000).default(''),
  unitFrom: intRange(0, 247).default(1),
  unitTo: intRange(0, 247).default(10),
});
export const commissioningDevicesInput = z.object({ siteId: id(), devices: z.string().max(100_000) });
export const commissioningActivateInput = z.object({ siteId: id(), notifyOwner: bool().default(true) });

/** A residential connection's main fuse (A); outside it the wizard asks to check the value (or support to help). */
export const MAIN_FUSE_RANGE = { min: 10, max: 80 } as const;
/** A scan of many unit ids on RS-485 takes minutes; the command may wait this long. */
const SCAN_TTL_S = 10 * 60;

export interface CommissioningParts {
  sites: SiteService;
  invitations: InvitationService;
  mandates: MandateService;
  gateways: GatewayService;
  commands: CommandService;
  gatewayConfig: GatewayConfigService;
}

/**
 * The commissioning wizard (decisions 040–042): an installer takes a site from an address to an active installation, one
 * checked step at a time, and can leave and come back (the state is stored per site). Each step reuses the service
 * that owns the thing (sites, invitations, Fluvius mandates, gateways, commands, gateway configuration).
 */
export class CommissioningService {
  readonly views: CommissioningViews;
  constructor(
    private readonly deps: ServiceDeps,
    private readonly parts: CommissioningParts,
  ) {
    this.views = new CommissioningViews(deps, parts);
  }

  /** The commissionings the actor may see: in progress first, then the recently completed. */
  async list(actor: Actor, input: unknown = {}) {
    requirePermission(actor, 'sites.list');
    const { done } = parseInput(z.object({ done: bool().default(false) }), input);
    const scope = siteListScope(actor);
    if ('organizationIds' in scope && scope.organizationIds.length === 0) return [];
    let q = this.deps.db
      .selectFrom('commissionings as c')
      .innerJoin('sites as s', 's.id', 'c.site_id')
      .innerJoin('organizations as o', 'o.id', 's.organization_id')
      .leftJoin('users as u', 'u.id', 'c.started_by_user_id')
      .select([
        'c.site_id',
        'c.step',
        'c.started_at',
        'c.updated_at',
        'c.completed_at',
        's.street',
        's.house_number',
        's.postal_code',
        's.city',
        'o.name as organization_name',
        'u.name as started_by',
      ])
      .where('c.completed_at', done ? 'is not' : 'is', null);
    if ('organizationIds' in scope) q = q.where('s.organization_id', 'in', scope.organizationIds);
    return q.orderBy('c.updated_at', 'desc').limit(100).execute();
  }

  /** Step 1 for a new address: the site (as a draft) and its main user's invitation. */
  async start(actor: Actor, input: unknown): Promise<{ siteId: number }> {
    requireWritable(actor);
    requirePermission(actor, 'commissioning.start');
    // The installer the site is for is decided before anything else in the form is read.
    const { organizationId } = parseInput(z.object({ organizationId: id() }), input);
    if (!canOnOrg(actor, organizationId, 'org.sites.create'))
      throw fieldError('organizationId', 'validation.choice');
    const data = parseInput(commissioningStartInput, input);
    const { id: siteId } = await this.parts.sites.create(actor, {
      ...data,
      gridPhases: 3,
      mainFuseA: 40,
      status: 'draft',
    });
    const invitation = await this.parts.invitations.inviteToSite(actor, {
      siteId,
      email: data.ownerEmail,
      role: 'owner',
    });
    const state: CommissioningState = {
      ...emptyState(),
      owner: { email: data.ownerEmail, invitationId: invitation.id },
    };
    const site = await this.deps.db
      .selectFrom('sites')
      .select('organization_id')
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow();
    await this.deps.db
      .insertInto('commissionings')
      .values({
        site_id: siteId,
        organization_id: site.organization_id,
        step: currentStep(state, false),
        state: writeJson(state)!,
        started_by_user_id: actor.type === 'user' ? actor.userId : null,
        started_at: this.deps.clock.now(),
        updated_at: this.deps.clock.now(),
      })
      .execute();
    return { siteId };
  }

  /** Commissions a site that already exists (made on the sites page): picks up what it already has. */
  async open(actor: Actor, input: unknown): Promise<{ siteId: number }> {
    requireWritable(actor);
    const { siteId } = parseInput(commissioningSiteInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.manage');
    const exists = await this.deps.db
      .selectFrom('commissionings')
      .select('site_id')
      .where('site_id', '=', siteId)
      .executeTakeFirst();
    if (exists) return { siteId };
    const db = this.deps.db;
    const [owner, invitation, meter, gateway] = await Promise.all([
      db
        .selectFrom('site_members as sm')
        .innerJoin('users as u', 'u.id', 'sm.user_id')
        .select('u.email')
        .where('sm.site_id', '=', siteId)
        .where('sm.role', '=', 'owner')
        .executeTakeFirst(),
      db
        .selectFrom('invitations')
        .select(['id', 'email'])
        .where('site_id', '=', siteId)
        .where('site_role', '=', 'owner')
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .orderBy('id', 'desc')
        .executeTakeFirst(),
      db
        .selectFrom('meters')
        .select(['id', 'ean'])
        .where('site_id', '=', siteId)
        .where('energy_type', '=', 'E')
        .executeTakeFirst(),
      db
        .selectFrom('gateways')
        .select(['id', 'serial', 'claimed_at'])
        .where('site_id', '=', siteId)
        .executeTakeFirst(),
    ]);
    const state: CommissioningState = {
      ...emptyState(),
      owner: owner
        ? { email: owner.email, invitationId: null }
        : invitation
          ? { email: invitation.email, invitationId: invitation.id }
          : null,
      ean: meter ? { ean: meter.ean, meterId: meter.id, mandateId: null, mandateSkipped: true } : null,
      gateway: gateway
        ? {
            gatewayId: gateway.id,
            serial: gateway.serial,
            claimedAt: (gateway.claimed_at ?? this.deps.clock.now()).toISOString(),
          }
        : null,
    };
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('commissionings')
        .values({
          site_id: siteId,
          organization_id: access.organizationId,
          step: currentStep(state, false),
          state: writeJson(state)!,
          started_by_user_id: actor.type === 'user' ? actor.userId : null,
          started_at: this.deps.clock.now(),
          updated_at: this.deps.clock.now(),
        })
        .ignore()
        .execute();
      await recordAudit(trx, actor, {
        action: 'commissioning.open',
        entityType: 'site',
        entityId: siteId,
        siteId,
        organizationId: access.organizationId,
      });
    });
    return { siteId };
  }

  /** The wizard's page: every step's state, what the gateway and the scans reported, and the live check. */
  get(actor: Actor, input: unknown) {
    return this.views.get(actor, input);
  }

  report(actor: Actor, input: unknown) {
    return this.views.report(actor, input);
  }

  /** The report as a PDF in the reader's language. */
  async reportPdf(actor: Actor, input: unknown, locale: Locale): Promise<{ filename: string; pdf: Buffer }> {
    const report = await this.views.report(actor, input);
    const street = `${report.address}`
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60);
    return {
      filename: `ilumen-indienstname-${street}.pdf`,
      pdf: await renderCommissioningPdf(report, locale),
    };
  }

  /** Step 1 again: address and main user. A changed main user gets a new invitation (the old one is revoked). */
  async saveSite(actor: Actor, input: unknown) {
    const { siteId, state, site } = await this.forChange(actor, input);
    const data = parseInput(commissioningSaveSiteInput, input);
    await this.parts.sites.update(actor, {
      siteId,
      name: data.name,
      street: data.street,
      houseNumber: data.houseNumber,
      postalCode: data.postalCode,
      city: data.city,
      timezone: site.timezone,
      gridPhases: site.grid_phases,
      mainFuseA: site.main_fuse_a,
      status: site.status,
    });
    let owner = state.owner;
    if (owner?.email !== data.ownerEmail) {
      const hasOwner = await this.deps.db
        .selectFrom('site_members')
        .select('id')
        .where('site_id', '=', siteId)
        .where('role', '=', 'owner')
        .executeTakeFirst();
      if (hasOwner) throw fieldError('ownerEmail', 'commissioning.site.ownerAccepted');
      const invitation = await this.parts.invitations.inviteToSite(actor, {
        siteId,
        email: data.ownerEmail,
        role: 'owner',
      });
      owner = { email: data.ownerEmail, invitationId: invitation.id };
    }
    await this.save(siteId, { ...state, owner });
  }

  /** Step 2: phases and main fuse, checked against what a home connection in Flanders can be. */
  async saveGrid(actor: Actor, input: unknown) {
    const { siteId, state, site } = await this.forChange(actor, input);
    const data = parseInput(commissioningGridInput, input);
    if (data.mainFuseA < MAIN_FUSE_RANGE.min || data.mainFuseA > MAIN_FUSE_RANGE.max) {
      throw fieldError('mainFuseA', 'commissioning.grid.fuseRange', MAIN_FUSE_RANGE);
    }
    await this.parts.sites.update(actor, {
      siteId,
      name: site.name ?? undefined,
      street: site.street,
      houseNumber: site.house_number,
      postalCode: site.postal_code,
      city: site.city,
      timezone: site.timezone,
      gridPhases: data.gridPhases,
      mainFuseA: data.mainFuseA,
      status: site.status,
    });
    // A different grid invalidates an earlier live check (the phases it expected).
    await this.save(siteId, {
      ...state,
      grid: { confirmedAt: this.deps.clock.now().toISOString() },
      live: null,
    });
  }

  /** Step 3: the connection's EAN (the site's meter) and, unless postponed, the Fluvius mandate request. */
  async saveEan(actor: Actor, input: unknown) {
    const { siteId, state, access } = await this.forChange(actor, input);
    const data = parseInput(commissioningEanInput, input);
    const db = this.deps.db;
    const meterId = await db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('meters')
        .select(['id', 'site_id'])
        .where('ean', '=', data.ean)
        // Another organization's meter is none of this installer's business (decision 083).
        .where('organization_id', '=', access.organizationId)
        .forUpdate()
        .executeTakeFirst();
      if (existing && existing.site_id !== siteId) throw fieldError('ean', 'mandate.error.eanElsewhere');
      const other = await trx
        .selectFrom('meters')
        .select(['id', 'ean'])
        .where('site_id', '=', siteId)
        .where('energy_type', '=', 'E')
        .where('ean', '!=', data.ean)
        .executeTakeFirst();
      if (other) {
        // Replacing a typed EAN is fine while nothing hangs on it yet.
        const used = await trx
          .selectFrom('fluvius_mandates')
          .select('id')
          .where('meter_id', '=', other.id)
          .executeTakeFirst();
        const device = await trx
          .selectFrom('devices')
          .select('id')
          .where('meter_id', '=', other.id)
          .executeTakeFirst();
        if (used || device) throw fieldError('ean', 'mandate.error.siteHasMeter', { ean: other.ean });
        await trx.deleteFrom('meters').where('id', '=', other.id).execute();
      }
      if (existing) return existing.id;
      try {
        const res = await trx
          .insertInto('meters')
          .values({
            site_id: siteId,
            ean: data.ean,
            energy_type: 'E',
            active_since: brusselsLocalDate(this.deps.clock.now()),
          })
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, {
          action: 'meter.create',
          entityType: 'meter',
          entityId: Number(res.insertId),
          siteId,
          organizationId: access.organizationId,
          after: { ean: data.ean },
        });
        return Number(res.insertId);
      } catch (error) {
        if (isDuplicateKey(error, 'meters_org_ean_uq')) throw fieldError('ean', 'mandate.error.eanElsewhere');
        throw error;
      }
    });
    let mandateId: number | null = null;
    let consentUrl: string | null = null;
    if (data.mandate === 'request') {
      const open = await db
        .selectFrom('fluvius_mandates')
        .select('id')
        .where('site_id', '=', siteId)
        .where('ean', '=', data.ean)
        .where((eb) => eb.or([eb('status', 'in', OPEN_STATUSES), eb('status', '=', 'approved')]))
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (open) mandateId = open.id;
      else {
        const started = await this.parts.mandates.start(actor, { ean: data.ean, siteId });
        mandateId = started.mandateId;
        consentUrl = started.consentUrl;
      }
    }
    await this.save(siteId, {
      ...state,
      ean: { ean: data.ean, meterId, mandateId, mandateSkipped: data.mandate === 'skip' },
    });
    return { consentUrl };
  }

  /** Step 4: claims the gateway with its serial and claim code, makes its broker login, sends its configuration. */
  async claim(actor: Actor, input: unknown) {
    const { siteId, state, access } = await this.forChange(actor, input);
    const data = parseInput(commissioningClaimInput, input);
    const claimed = await this.parts.gateways.claim(
      actor,
      { id: siteId, organizationId: access.organizationId },
      data,
    );
    const configVersion = await this.parts.gatewayConfig.publishIfReachable(actor, siteId);
    await this.save(siteId, {
      ...state,
      gateway: {
        gatewayId: claimed.gatewayId,
        serial: claimed.serial,
        claimedAt: this.deps.clock.now().toISOString(),
      },
    });
    return { ...claimed, configVersion };
  }

  /** Step 5a: asks the gateway to scan the Modbus endpoints the installer gave, over a range of unit ids. */
  async scan(actor: Actor, input: unknown) {
    const { siteId, state } = await this.forChange(actor, input);
    if (!state.gateway) throw conflict('commissioning.error.gatewayFirst');
    const data = parseInput(commissioningScanInput, input);
    const { endpoints, bad } = parseEndpoints(data.endpoints);
    if (bad.length > 0)
      throw fieldError('endpoints', 'commissioning.scan.badEndpoint', { value: bad.join(', ') });
    if (endpoints.length === 0) throw fieldError('endpoints', 'commissioning.scan.noEndpoint');
    if (endpoints.length > 8) throw fieldError('endpoints', 'commissioning.scan.tooMany', { max: 8 });
    if (data.unitTo < data.unitFrom) throw fieldError('unitTo', 'commissioning.scan.range');
    const unitIds = Array.from({ length: data.unitTo - data.unitFrom + 1 }, (_, i) => data.unitFrom + i);
    const commands: Array<{ id: string; endpoint: (typeof endpoints)[number] }> = [];
    for (const endpoint of endpoints) {
      const sent = await this.parts.commands.send(
        actor,
        siteId,
        'modbus.scan',
        { endpoint, unitIds },
        SCAN_TTL_S,
      );
      commands.push({ id: sent.id, endpoint });
    }
    await this.save(siteId, {
      ...state,
      scan: { requestedAt: this.deps.clock.now().toISOString(), unitIds, commands },
    });
    return { commands: commands.map((c) => c.id) };
  }

  /** Step 5b: the installer's confirmed or corrected devices become device rows with Modbus settings; config is sent. */
  async confirmDevices(actor: Actor, input: unknown) {
    const { siteId, state, access } = await this.forChange(actor, input);
    if (!state.gateway) throw conflict('commissioning.error.gatewayFirst');
    const { devices: json } = parseInput(commissioningDevicesInput, input);
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      throw fieldError('devices', 'validation.form');
    }
    const list = z.array(z.unknown()).max(32).safeParse(raw);
    if (!list.success) throw fieldError('devices', 'validation.form');
    const chosen = chosenDevices(list.data);
    const gatewaySerial = state.gateway.serial;
    const now = this.deps.clock.now();
    const deviceIds = await this.deps.db.transaction().execute(async (trx) => {
      const ids: number[] = [];
      for (const d of chosen)
        ids.push(
          await this.upsertDevice(
            trx,
            actor,
            siteId,
            access.organizationId,
            state.gateway!.gatewayId,
            gatewaySerial,
            d,
            now,
          ),
        );
      return ids;
    });
    const configVersion = await this.parts.gatewayConfig.publishIfReachable(actor, siteId);
    await this.save(siteId, {
      ...state,
      devices: { confirmedAt: now.toISOString(), configVersion, deviceIds },
      live: null,
    });
    return { deviceIds, configVersion };
  }

  /** Step 6: checks the live values against the grid and the confirmed devices; stored for the report. */
  async liveCheck(actor: Actor, input: unknown) {
    const { siteId, state, site } = await this.forChange(actor, input);
    if (!state.devices) throw conflict('commissioning.error.devicesFirst');
    const now = this.deps.clock.now();
    const [raw, devices, p1Errors] = await Promise.all([
      this.deps.redis.get(liveKeys(this.deps.redisPrefix).latest(siteId)),
      this.deps.db
        .selectFrom('devices')
        .select(['type'])
        .where('site_id', '=', siteId)
        .where('modbus', 'is not', null)
        .where('type', '!=', 'meter')
        .execute(),
      this.deps.db
        .selectFrom('events')
        .select(['payload'])
        .where('site_id', '=', siteId)
        .where('type', '=', 'p1.error')
        .where('received_at', '>', new Date(now.getTime() - 10 * 60_000))
        .orderBy('received_at', 'desc')
        .limit(5)
        .execute(),
    ]);
    const snapshot = raw ? (JSON.parse(raw) as LiveSnapshot) : null;
    const checks = runLiveCheck({
      snapshot,
      now,
      gridPhases: site.grid_phases,
      mainFuseA: site.main_fuse_a,
      ean: state.ean?.ean ?? null,
      devices: devices as Array<{ type: 'inverter' | 'battery' | 'charger' | 'heat' }>,
      p1Errors: p1Errors.map((e) => readJson<{ code: string; message: string }>(e.payload)!).filter(Boolean),
    });
    const ok = liveCheckPassed(checks);
    await this.save(siteId, { ...state, live: { checkedAt: now.toISOString(), ok, checks } });
    return { ok, checks };
  }

  /** Last step: the site becomes active and its main user is told (notification and mail). */
  async activate(actor: Actor, input: unknown) {
    const { siteId, state, site, access } = await this.forChange(actor, input);
    const { notifyOwner } = parseInput(commissioningActivateInput, input);
    const missing = (['owner', 'grid', 'ean', 'gateway', 'devices'] as const).find((k) => !state[k]);
    if (missing) throw conflict(`commissioning.error.missing.${missing}`);
    if (!state.live?.ok) throw conflict('commissioning.error.liveCheck');
    const now = this.deps.clock.now();
    const address = `${site.street} ${site.house_number}, ${site.postal_code} ${site.city}`;
    const owner = await this.deps.db
      .selectFrom('site_members as sm')
      .innerJoin('users as u', 'u.id', 'sm.user_id')
      .select(['u.id', 'u.email', 'u.name', 'u.locale'])
      .where('sm.site_id', '=', siteId)
      .where('sm.role', '=', 'owner')
      .executeTakeFirst();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('sites')
        .set({ status: 'active', updated_at: now })
        .where('id', '=', siteId)
        .execute();
      const report = state.report ?? { generatedAt: now.toISOString() };
      await trx
        .updateTable('commissionings')
        .set({ completed_at: now, step: 'done', state: writeJson({ ...state, report })!, updated_at: now })
        .where('site_id', '=', siteId)
        .execute();
      if (owner && notifyOwner) {
        await notify(trx, {
          userId: owner.id,
          siteId,
          kind: 'system',
          titleKey: 'commissioning.notification.title',
          bodyKey: 'commissioning.notification.body',
          params: { address },
        });
      }
      await recordAudit(trx, actor, {
        action: 'commissioning.complete',
        entityType: 'site',
        entityId: siteId,
        siteId,
        organizationId: access.organizationId,
        before: { status: site.status },
        after: { status: 'active' },
      });
    });
    if (notifyOwner) {
      const to = owner?.email ?? state.owner?.email;
      if (to) {
        await this.deps.jobs.add(
          'mail',
          'send',
          {
            template: 'commissioning-done',
            to,
            locale: owner?.locale ?? (actor.type === 'user' ? actor.locale : 'nl'),
            params: { name: owner?.name ?? null, address, url: `${this.deps.publicUrl}/app` },
          },
          { jobId: `commissioning-done-${siteId}` },
        );
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------------

  /** Every change starts here: the site is decided before anything else in the input is read. */
  private async forChange(actor: Actor, input: unknown) {
    requireWritable(actor);
    const { siteId } = parseInput(commissioningSiteInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.manage');
    const row = await this.deps.db
      .selectFrom('commissionings')
      .select(['state', 'completed_at'])
      .where('site_id', '=', siteId)
      .executeTakeFirst();
    if (!row) throw notFound();
    if (row.completed_at) throw conflict('commissioning.error.completed');
    const state = commissioningStateSchema.parse(readJson(row.state) ?? {});
    const site = await this.deps.db
      .selectFrom('sites')
      .selectAll()
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow();
    return { siteId, access, state, site };
  }

  private async save(siteId: number, state: CommissioningState): Promise<void> {
    const step: CommissioningStep = currentStep(state, false);
    await this.deps.db
      .updateTable('commissionings')
      .set({ state: writeJson(state)!, step, updated_at: this.deps.clock.now() })
      .where('site_id', '=', siteId)
      .execute();
  }

  private async upsertDevice(
    trx: Trx,
    actor: Actor,
    siteId: number,
    organizationId: number,
    gatewayId: number,
    gatewaySerial: string,
    d: ConfirmedDevice,
    now: Date,
  ): Promise<number> {
    const modbus = { driver: d.driver, endpoint: d.endpoint, unitId: d.unitId };
    const serial = (d.serial?.trim() || `${gatewaySerial}-${d.type.toUpperCase()}-U${d.unitId}`)
      .toUpperCase()
      .slice(0, 64);
    const model = d.model?.trim() || d.driver;
    // The same device found again (same type and unit on the same endpoint, or the same serial) is updated, not doubled.
    const existing = await trx
      .selectFrom('devices')
      .select(['id', 'modbus', 'serial', 'model'])
      .where('site_id', '=', siteId)
      .where('type', '=', d.type)
      .execute();
    const same = existing.find((e) => e.serial === serial || sameEndpoint(readJson(e.modbus), modbus));
    try {
      if (same) {
        await trx
          .updateTable('devices')
          .set({
            modbus: writeJson(modbus)!,
            gateway_id: gatewayId,
            serial,
            model,
            manufacturer: d.manufacturer?.trim() || null,
            updated_at: now,
          })
          .where('id', '=', same.id)
          .execute();
        await recordAudit(trx, actor, {
          action: 'device.update',
          entityType: 'device',
          entityId: same.id,
          siteId,
          organizationId,
          before: { serial: same.serial, model: same.model, modbus: readJson(same.modbus) },
          after: { serial, model, modbus },
        });
        return same.id;
      }
      const values = {
        site_id: siteId,
        gateway_id: gatewayId,
        type: d.type,
        device_key: await nextDeviceKey(trx, siteId, d.type),
        manufacturer: d.manufacturer?.trim() || null,
        model,
        serial,
        modbus: writeJson(modbus)!,
        active_since: brusselsLocalDate(now),
      };
      const res = await trx.insertInto('devices').values(values).executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'device.create',
        entityType: 'device',
        entityId: Number(res.insertId),
        siteId,
        organizationId,
        after: { ...values, modbus },
      });
      return Number(res.insertId);
    } catch (error) {
      if (isDuplicateKey(error, 'devices_org_type_serial_uq'))
        throw fieldError('devices', 'commissioning.devices.serialElsewhere', { serial });
      throw error;
    }
  }
}

function sameEndpoint(a: unknown, b: { endpoint: unknown; unitId: number }): boolean {
  if (!a || typeof a !== 'object') return false;
  const x = a as { endpoint?: unknown; unitId?: number };
  return x.unitId === b.unitId && JSON.stringify(x.endpoint) === JSON.stringify(b.endpoint);
}
