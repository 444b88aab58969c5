import { type SiteScope, sql } from '@ilumen/db';
import { z } from 'zod';
import type { Actor, UserActor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { AppError, forbidden, notFound } from '../errors';
import type { InvitationService } from '../organizations/invitations';
import {
  canOnSite,
  canSeeShares,
  canUseHomeView,
  homeSiteScope,
  isEmbedded,
  requireSite,
  requireUser,
  requireWritable,
  SUPPORT_VIEW_OPENED,
  siteAccess,
  sitePermissions,
} from '../policy';
import { formatAddress } from '../sites/address';
import type { SiteMemberService } from '../sites/members';
import { email, id, parseInput } from '../validation';
import { notify } from './notifications';

export const homeSiteInput = z.object({ siteId: id() });
export const shareInput = z.object({
  siteId: id(),
  email: email(),
  scope: z.enum(['all', 'chargers']),
  /** Set when the person, told the address is already invited, chose to change that invitation's access. */
  changeScope: z.preprocess((v) => v === '1' || v === 'true' || v === true, z.boolean()).default(false),
});
export const unshareInput = z.object({ siteId: id(), userId: id() });
export const revokeShareInput = z.object({ siteId: id(), invitationId: id() });

/** The order devices are shown in, as the app does: the iLusmart and the meter first, then the modules. */
const DEVICE_ORDER = ['meter', 'inverter', 'battery', 'heat', 'charger'] as const;

/**
 * What the homeowner view shows that is not energy data: the addresses, each address's devices and iLusmart, the
 * charger pages, sharing an address, and the read-only view support opens from the console.
 */
/** The order of a home's devices on its dashboard. */
const TILE_ORDER: string[] = ['battery', 'charger', 'heat', 'inverter', 'meter'];

export class HomeownerService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly invitations: InvitationService,
    private readonly members: SiteMemberService,
  ) {}

  /** The person's addresses (the switcher), with what they may do on each; an embed session lists its one site. */
  async sites(actor: Actor) {
    const user = requireUser(actor);
    if (isEmbedded(user) && user.memberships.length > 0) return this.installerEmbedSite(user);
    const scope = homeSiteScope(user);
    let q = this.deps.db
      .selectFrom('site_members as sm')
      .innerJoin('sites as s', 's.id', 'sm.site_id')
      .select([
        's.id',
        's.name',
        's.street',
        's.house_number',
        's.postal_code',
        's.city',
        'sm.role',
        'sm.scope',
      ])
      .where('sm.user_id', '=', user.userId);
    if ('siteId' in scope) q = q.where('s.id', '=', scope.siteId);
    const rows = await q.orderBy('s.street').orderBy('s.house_number').orderBy('s.id').execute();
    return rows.map((r) => {
      const perms = sitePermissions({
        siteId: r.id,
        organizationId: 0,
        via: r.role === 'owner' ? 'owner' : 'member',
        role: null,
        scope: r.scope,
      });
      return {
        id: r.id,
        name: r.name,
        address: formatAddress(r),
        street: `${r.street} ${r.house_number}`,
        city: `${r.postal_code} ${r.city}`,
        role: r.role,
        scope: r.scope as SiteScope,
        data: perms.includes('site.data'),
        owner: perms.includes('site.owner'),
      };
    });
  }

  /** An installer's embed session (decision 142): its one site, read as an "Alle data" user would. */
  private async installerEmbedSite(actor: Actor & { embedSiteId: number }) {
    const access = await siteAccess(this.deps.db, actor, actor.embedSiteId);
    if (!access?.embedView) return [];
    const r = await this.deps.db
      .selectFrom('sites')
      .select(['id', 'name', 'street', 'house_number', 'postal_code', 'city'])
      .where('id', '=', actor.embedSiteId)
      .executeTakeFirstOrThrow();
    return [
      {
        id: r.id,
        name: r.name,
        address: formatAddress(r),
        street: `${r.street} ${r.house_number}`,
        city: `${r.postal_code} ${r.city}`,
        role: 'member' as const,
        scope: 'all' as SiteScope,
        data: true,
        owner: false,
      },
    ];
  }

  private async requireData(actor: Actor, siteId: number) {
    const access = await requireSite(this.deps.db, actor, siteId, 'site.chargers');
    if (!canUseHomeView(actor, access)) throw notFound();
    // A chargers-only user is told where they can go instead of meeting a bare refusal.
    if (!canOnSite(access, 'site.data')) throw forbidden('home.chargersOnly');
    return access;
  }

  /** The dashboard's frame: the address, how the person reaches it, and which sources and modules the site has. */
  async site(actor: Actor, input: unknown) {
    const { siteId } = parseInput(homeSiteInput, input);
    const access = await this.requireData(actor, siteId);
    const [site, devices, gateway] = await Promise.all([
      this.deps.db
        .selectFrom('sites')
        .select(['id', 'name', 'street', 'house_number', 'postal_code', 'city'])
        .where('id', '=', siteId)
        .executeTakeFirstOrThrow(),
      this.deps.db
        .selectFrom('devices')
        .select(['id', 'device_key', 'type', 'manufacturer', 'model', 'status', 'status_changed_at'])
        .where('site_id', '=', siteId)
        .orderBy('id')
        .execute(),
      this.deps.db
        .selectFrom('gateways')
        .select(['id', 'online', 'last_seen_at'])
        .where('site_id', '=', siteId)
        .executeTakeFirst(),
    ]);
    return {
      id: site.id,
      name: site.name,
      address: formatAddress(site),
      street: `${site.street} ${site.house_number}`,
      city: `${site.postal_code} ${site.city}`,
      via: access.via,
      scope: access.scope,
      permissions: sitePermissions(access),
      hasGateway: Boolean(gateway),
      gatewayOnline: gateway?.online ?? false,
      hasInverter: devices.some((d) => d.type === 'inverter'),
      // Every device of the address, iLumen's modules first, then the inverter and the meter ("Je toestellen").
      modules: [...devices]
        .sort((a, b) => TILE_ORDER.indexOf(a.type) - TILE_ORDER.indexOf(b.type) || a.id - b.id)
        .map((d) => ({
          id: d.id,
          key: d.device_key,
          type: d.type,
          model:
            d.type === 'inverter' || d.type === 'meter'
              ? [d.manufacturer, d.model].filter(Boolean).join(' ')
              : d.model,
          status: d.status,
        })),
    };
  }

  /** "Installaties": the iLusmart and every device with its serial (the EAN for the meter) and since when it is active. */
  async installations(actor: Actor, input: unknown) {
    const { siteId } = parseInput(homeSiteInput, input);
    await this.requireData(actor, siteId);
    const [devices, gateways] = await Promise.all([
      this.deps.db
        .selectFrom('devices as d')
        .leftJoin('meters as m', 'm.id', 'd.meter_id')
        .select([
          'd.id',
          'd.type',
          'd.manufacturer',
          'd.model',
          'd.serial',
          'd.status',
          'd.active_since',
          'm.ean',
        ])
        .where('d.site_id', '=', siteId)
        .execute(),
      this.deps.db
        .selectFrom('gateways')
        .select(['id', 'serial', 'firmware_version', 'online', 'last_seen_at', 'created_at'])
        .where('site_id', '=', siteId)
        .orderBy('id')
        .execute(),
    ]);
    devices.sort((a, b) => DEVICE_ORDER.indexOf(a.type) - DEVICE_ORDER.indexOf(b.type) || a.id - b.id);
    return {
      gateways: gateways.map((g) => ({
        id: g.id,
        serial: g.serial,
        firmware: g.firmware_version,
        online: g.online,
        lastSeenAt: g.last_seen_at,
        activeSince: g.created_at,
      })),
      devices: devices.map((d) => ({
        id: d.id,
        type: d.type,
        name: [d.manufacturer, d.model].filter(Boolean).join(' '),
        // The manual: the serial number, and for the digital meter its EAN code.
        serial: d.type === 'meter' && d.ean ? d.ean : d.serial,
        status: d.status,
        activeSince: d.active_since,
      })),
    };
  }

  /** The iLusmart's technical page: the gateway, the digital meter and the connection (capacity values come from history). */
  async ilusmart(actor: Actor, input: unknown) {
    const { siteId } = parseInput(homeSiteInput, input);
    await this.requireData(actor, siteId);
    const [site, gateway, meters] = await Promise.all([
      this.deps.db
        .selectFrom('sites')
        .select(['grid_phases', 'main_fuse_a'])
        .where('id', '=', siteId)
        .executeTakeFirstOrThrow(),
      this.deps.db
        .selectFrom('gateways')
        .select(['serial', 'firmware_version', 'hardware_revision', 'online', 'last_seen_at'])
        .where('site_id', '=', siteId)
        .orderBy('id')
        .executeTakeFirst(),
      this.deps.db
        .selectFrom('meters')
        .select(['ean', 'active_since', 'energy_type'])
        .where('site_id', '=', siteId)
        .orderBy('id')
        .execute(),
    ]);
    return {
      gateway: gateway
        ? {
            serial: gateway.serial,
            firmware: gateway.firmware_version,
            hardware: gateway.hardware_revision,
            online: gateway.online,
            lastSeenAt: gateway.last_seen_at,
          }
        : null,
      meters: meters.map((m) => ({ ean: m.ean, activeSince: m.active_since, energyType: m.energy_type })),
      grid: { phases: site.grid_phases, mainFuseA: site.main_fuse_a },
    };
  }

  /** The charger pages: every charger the person may use, per address (all they can reach with "iLuCharges" or more). */
  async chargers(actor: Actor) {
    const user = requireUser(actor);
    const scope = homeSiteScope(user);
    let q = this.deps.db
      .selectFrom('site_members as sm')
      .innerJoin('sites as s', 's.id', 'sm.site_id')
      .leftJoin('devices as d', (j) => j.onRef('d.site_id', '=', 's.id').on('d.type', '=', 'charger'))
      .select([
        's.id as siteId',
        's.street',
        's.house_number',
        's.postal_code',
        's.city',
        'd.id as deviceId',
        'd.model',
        'd.serial',
        'd.status',
        'd.status_changed_at',
      ])
      .where('sm.user_id', '=', user.userId);
    if ('siteId' in scope) q = q.where('s.id', '=', scope.siteId);
    const rows = await q.orderBy('s.street').orderBy('s.id').orderBy('d.id').execute();
    const bySite = new Map<
      number,
      {
        siteId: number;
        address: string;
        chargers: Array<{ id: number; model: string; serial: string; status: string | null }>;
      }
    >();
    for (const r of rows) {
      let entry = bySite.get(r.siteId);
      if (!entry) {
        entry = { siteId: r.siteId, address: formatAddress(r), chargers: [] };
        bySite.set(r.siteId, entry);
      }
      if (r.deviceId !== null && r.model !== null && r.serial !== null)
        entry.chargers.push({ id: r.deviceId, model: r.model, serial: r.serial, status: r.status });
    }
    return [...bySite.values()];
  }

  private async requireOwner(actor: Actor, siteId: number, reading = false) {
    const access = await requireSite(this.deps.db, actor, siteId, 'site.chargers');
    if (!canUseHomeView(actor, access)) throw notFound();
    if (!canOnSite(access, 'site.data')) throw forbidden('home.chargersOnly');
    if (!(reading ? canSeeShares(actor, access) : canOnSite(access, 'site.owner')))
      throw forbidden('share.ownerOnly');
    return access;
  }

  /** "Gebruikers": who has access to the address, and who was invited. Only its main user sees it. */
  async shares(actor: Actor, input: unknown) {
    const { siteId } = parseInput(homeSiteInput, input);
    await this.requireOwner(actor, siteId, true);
    const [members, pending] = await Promise.all([
      this.deps.db
        .selectFrom('site_members as sm')
        .innerJoin('users as u', 'u.id', 'sm.user_id')
        .select(['u.id as userId', 'u.name', 'u.email', 'sm.role', 'sm.scope', 'sm.created_at'])
        .where('sm.site_id', '=', siteId)
        .orderBy(sql`sm.role = 'owner'`, 'desc')
        .orderBy('u.name')
        .execute(),
      this.deps.db
        .selectFrom('invitations')
        .select(['id', 'email', 'site_role', 'site_scope', 'expires_at'])
        .where('site_id', '=', siteId)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', this.deps.clock.now())
        .orderBy('created_at', 'desc')
        .execute(),
    ]);
    return {
      members: members.map((m) => ({
        userId: m.userId,
        name: m.name,
        email: m.email,
        role: m.role,
        scope: m.scope,
        since: m.created_at,
        self: actor.type === 'user' && actor.userId === m.userId,
      })),
      pending: pending.map((p) => ({
        id: p.id,
        email: p.email,
        role: p.site_role,
        scope: p.site_scope,
        expiresAt: p.expires_at,
      })),
    };
  }

  /**
   * Shares the address (the manual, "Voeg gebruiker toe"): an invitation by mail with scope "iLuCharges" or "Alle
   * data"; someone who already has an account also finds it among their notifications.
   */
  async share(actor: Actor, input: unknown) {
    requireWritable(actor);
    const { siteId } = parseInput(homeSiteInput, input);
    await this.requireOwner(actor, siteId);
    const data = parseInput(shareInput, input);
    if (actor.type === 'user' && data.email === actor.email.toLowerCase())
      throw new AppError('validation', 'validation.form', {}, { email: { key: 'share.self' } });
    const pending = await this.deps.db
      .selectFrom('invitations')
      .select(['id', 'site_scope'])
      .where('site_id', '=', siteId)
      .where('email', '=', data.email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', this.deps.clock.now())
      .executeTakeFirst();
    if (pending) {
      // An address already invited is not mailed again, nor its access changed, unless the person says so.
      if (!data.changeScope || pending.site_scope === data.scope)
        throw new AppError(
          'conflict',
          'validation.form',
          {},
          {
            email: {
              key:
                pending.site_scope === 'chargers'
                  ? 'share.alreadyInvited.chargers'
                  : 'share.alreadyInvited.all',
              params: { email: data.email },
            },
            ...(pending.site_scope === data.scope ? {} : { changeScope: { key: 'share.changeScope.offer' } }),
          },
        );
      await this.deps.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('invitations')
          .set({ site_scope: data.scope })
          .where('id', '=', pending.id)
          .execute();
        await recordAudit(trx, actor, {
          action: 'invitation.update',
          entityType: 'invitation',
          entityId: pending.id,
          siteId,
          before: { scope: pending.site_scope },
          after: { scope: data.scope },
        });
      });
      return { id: pending.id, email: data.email, changed: true as const };
    }
    const invitation = await this.invitations.inviteToSite(actor, {
      siteId,
      email: data.email,
      role: 'member',
      scope: data.scope,
    });
    const invitee = await this.deps.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', data.email)
      .where('active', '=', true)
      .executeTakeFirst();
    if (invitee) {
      const site = await this.deps.db
        .selectFrom('sites')
        .select(['street', 'house_number', 'postal_code', 'city'])
        .where('id', '=', siteId)
        .executeTakeFirstOrThrow();
      await notify(this.deps.db, {
        userId: invitee.id,
        kind: 'share.received',
        titleKey: 'notification.share.received.title',
        bodyKey: 'notification.share.received.body',
        params: {
          inviter: actor.type === 'user' ? actor.name : 'iLumen',
          address: formatAddress(site),
          scopeKey: `siteScope.${data.scope}`,
        },
      });
    }
    return { id: invitation.id, email: data.email, changed: false as const };
  }

  async unshare(actor: Actor, input: unknown) {
    requireWritable(actor);
    const { siteId } = parseInput(homeSiteInput, input);
    await this.requireOwner(actor, siteId);
    const data = parseInput(unshareInput, input);
    await this.members.remove(actor, data);
  }

  async revokeShare(actor: Actor, input: unknown) {
    requireWritable(actor);
    const { siteId } = parseInput(homeSiteInput, input);
    await this.requireOwner(actor, siteId);
    const data = parseInput(revokeShareInput, input);
    const inv = await this.deps.db
      .selectFrom('invitations')
      .select('id')
      .where('id', '=', data.invitationId)
      .where('site_id', '=', siteId)
      .executeTakeFirst();
    if (!inv) throw notFound();
    await this.invitations.revoke(actor, { invitationId: inv.id });
  }

  /**
   * Support (or an admin) opens a site's homeowner view from the console: every opening is audited, and the actor
   * handed back is read-only, so every service refuses a change made through it.
   */
  async openSupportView(actor: Actor, input: unknown): Promise<UserActor> {
    const { siteId } = parseInput(homeSiteInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.supportView');
    const user = requireUser(actor);
    await recordAudit(this.deps.db, user, {
      action: SUPPORT_VIEW_OPENED,
      entityType: 'site',
      entityId: siteId,
      organizationId: access.organizationId,
      siteId,
    });
    return { ...user, readOnly: true };
  }
}
