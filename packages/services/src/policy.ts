import type { Db, OrgRole, SiteScope } from '@ilumen/db';
import { sql } from 'kysely';
import type { Actor, UserActor } from './actor';
import { AppError, forbidden, notFound, unauthenticated } from './errors';

/**
 * Who may do what: the one place that decides it (DESIGN.md §3). Services call these checks; routes and tRPC
 * procedures never look at roles themselves. An object the actor may not see is "not found", never "forbidden", so
 * its existence does not leak across tenants.
 */

const STAFF_ROLES: OrgRole[] = ['admin', 'support', 'fleet'];
const INSTALLER_ROLES: OrgRole[] = ['installer_admin', 'technician'];

export type GlobalPermission =
  | 'console.enter'
  | 'tenants.read'
  | 'tenants.manage'
  | 'audit.read'
  | 'sites.list'
  | 'sites.create'
  /** The fleet's Fluvius mandates in the console (cut to the caller's sites by `siteListScope`). */
  | 'mandates.list'
  /** Register gateways (serial and claim code) before they ship, one by one or in bulk. */
  | 'gateways.register'
  /** Take a gateway's broker login away (returned, stolen): the broker disconnects it at once. */
  | 'gateways.revoke'
  /** The fleet tables (gateways, devices) and the global search, cut to the caller's sites by `fleetScope`. */
  | 'fleet.list'
  /** Alarms across sites, cut to the caller's organizations by `alarmScope`. */
  | 'alarms.list'
  /** Start commissioning a site (the wizard). */
  | 'commissioning.start'
  /** Firmware releases and rollouts: see them, their progress and health figures (decisions 060–062). */
  | 'firmware.read'
  /** Add and retire releases, start, pause, resume and abort rollouts, tag sites for targeting. */
  | 'firmware.manage'
  /** The capacity rates per grid operator (€/kW/year) in the console (decisions 050–055). */
  | 'capacityRates.read'
  | 'capacityRates.manage'
  | 'contractOffers.read'
  | 'contractOffers.manage'
  /** How the platform itself is doing: the ingest path from the broker to the database (decision 152). */
  | 'platform.health';

const GLOBAL: Record<GlobalPermission, OrgRole[]> = {
  'console.enter': [...STAFF_ROLES, ...INSTALLER_ROLES],
  'tenants.read': ['admin', 'support', 'fleet'],
  'tenants.manage': ['admin'],
  'audit.read': ['admin', 'support'],
  'sites.list': [...STAFF_ROLES, ...INSTALLER_ROLES],
  'sites.create': ['admin', 'installer_admin', 'technician'],
  'mandates.list': ['admin', 'support', 'installer_admin', 'technician'],
  'gateways.register': ['admin', 'fleet'],
  'gateways.revoke': ['admin', 'fleet'],
  'fleet.list': [...STAFF_ROLES, ...INSTALLER_ROLES],
  'alarms.list': ['admin', 'support', 'installer_admin', 'technician'],
  'commissioning.start': ['admin', 'installer_admin', 'technician'],
  'firmware.read': ['admin', 'fleet', 'support'],
  'firmware.manage': ['admin', 'fleet'],
  'capacityRates.read': ['admin', 'support'],
  'capacityRates.manage': ['admin'],
  'contractOffers.read': ['admin', 'support'],
  'contractOffers.manage': ['admin'],
  'platform.health': ['admin', 'support', 'fleet'],
};

export function staffRole(actor: Actor): OrgRole | null {
  if (actor.type !== 'user') return null;
  return actor.memberships.find((m) => m.organizationKind === 'operator')?.role ?? null;
}

/** The installer organizations the actor works for, with the role in each. */
export function installerOrgs(actor: Actor): Array<{ organizationId: number; role: OrgRole }> {
  if (actor.type !== 'user') return [];
  return actor.memberships
    .filter((m) => m.organizationKind === 'installer' && INSTALLER_ROLES.includes(m.role))
    .map((m) => ({ organizationId: m.organizationId, role: m.role }));
}

function roles(actor: Actor): OrgRole[] {
  return actor.type === 'user' ? actor.memberships.map((m) => m.role) : [];
}

export function can(actor: Actor, permission: GlobalPermission): boolean {
  if (actor.type === 'system') return true;
  // An embed session is the homeowner view of one site: no console, no lists, whatever else the person may be.
  if (isEmbedded(actor)) return false;
  return roles(actor).some((r) => GLOBAL[permission].includes(r));
}

export function requireUser(actor: Actor): UserActor {
  if (actor.type !== 'user') throw unauthenticated();
  return actor;
}

export function requirePermission(actor: Actor, permission: GlobalPermission): void {
  if (actor.type === 'anonymous') throw unauthenticated();
  if (!can(actor, permission)) throw forbidden();
}

/** Mutations call this first: a read-only session (support viewing a homeowner) may not change anything. */
export function requireWritable(actor: Actor): void {
  if (actor.type === 'anonymous') throw unauthenticated();
  if (actor.type === 'user' && actor.readOnly) throw new AppError('forbidden', 'error.readOnly');
}

// ---------------------------------------------------------------------------------------------------------------
// Organizations

export type OrgPermission = 'org.read' | 'org.users.read' | 'org.users.manage' | 'org.sites.create';

export function canOnOrg(actor: Actor, organizationId: number, permission: OrgPermission): boolean {
  if (actor.type === 'system') return true;
  const staff = staffRole(actor);
  if (staff === 'admin') return true;
  if (staff === 'support' && (permission === 'org.read' || permission === 'org.users.read')) return true;
  if (staff === 'fleet' && permission === 'org.read') return true;
  const own = installerOrgs(actor).find((o) => o.organizationId === organizationId);
  if (!own) return false;
  switch (permission) {
    case 'org.read':
    case 'org.users.read':
    case 'org.sites.create':
      return true;
    case 'org.users.manage':
      return own.role === 'installer_admin';
  }
}

/** Throws "not found" when the actor may not even see the organization, "forbidden" when it may see but not act. */
export function requireOrg(actor: Actor, organizationId: number, permission: OrgPermission): void {
  if (actor.type === 'anonymous') throw unauthenticated();
  if (canOnOrg(actor, organizationId, permission)) return;
  if (canOnOrg(actor, organizationId, 'org.read')) throw forbidden();
  throw notFound();
}

/** Which roles an actor may hand out in an organization of this kind. */
export function assignableRoles(actor: Actor, organizationKind: 'operator' | 'installer'): OrgRole[] {
  if (organizationKind === 'operator')
    return staffRole(actor) === 'admin' || actor.type === 'system' ? STAFF_ROLES : [];
  return INSTALLER_ROLES;
}

// ---------------------------------------------------------------------------------------------------------------
// Sites

export type SitePermission =
  /** The site's page in the console: address, devices, members. */
  | 'site.console'
  /** Edit address and grid, add/edit/remove devices, invite users (the main user when commissioning), cancel an invitation. */
  | 'site.manage'
  /** Take a user off the site, the main user included: the installer's admin and iLumen's admins, not technicians. */
  | 'site.members'
  /** See who lives there: the site's users and pending invitations (names, e-mail addresses); not fleet staff. */
  | 'site.people'
  | 'site.audit'
  /** The homeowner view with all data (energy, devices, costs). */
  | 'site.data'
  /** Charger pages and one's own charge sessions. */
  | 'site.chargers'
  /** Operate devices: start/stop a charge. */
  | 'site.operate'
  /** What only the main user does: tariffs, sharing, modules, exports per address. */
  | 'site.owner'
  /**
   * Ask for an embed link (the homeowner view in the mobile app's webview or a partner's iframe); the site's installer
   * too, for a read-only view in its own app or website (decision 142).
   */
  | 'site.embed'
  /** Open the site's homeowner view read-only from the console (audited). */
  | 'site.supportView'
  /** Start a Fluvius mandate for the site, link an approved one to it, import a Mijn Fluvius export into it. */
  | 'site.fluvius'
  /** Diagnostic commands to the site's gateway (read registers, scan Modbus, last P1 telegram, reboot); audited. */
  | 'site.diagnose'
  /** Grant or withdraw iLuStore modules (peak shaving, dynamic charging, load balancing); audited (decisions 050–055). */
  | 'site.modules'
  /** Change the energy-control settings: peak threshold and reserve, cheap hours, import limit; audited. */
  | 'site.control';

export interface SiteAccess {
  siteId: number;
  organizationId: number;
  via: 'system' | 'staff' | 'installer' | 'owner' | 'member';
  role: OrgRole | null;
  scope: SiteScope | null;
  /**
   * Support reads a home's own data (history, costs, live values, charge sessions) only through the audited support
   * view: true while that view is open (its read-only actor) or was opened within `SUPPORT_VIEW_WINDOW_MINUTES`.
   */
  supportViewOpen?: boolean;
  /**
   * An installer's embed link opened (decision 142): the home's view of its one site, read-only, and nothing of the
   * console.
   */
  embedView?: boolean;
}

/** What an installer's embed session may do on its site: read the home's view (decision 142). */
const EMBED_VIEW: SitePermission[] = ['site.data', 'site.chargers'];

/** How long after an audited opening of a home's support view support may still read that home's data. */
export const SUPPORT_VIEW_WINDOW_MINUTES = 60;

const BY_ACCESS: Record<string, SitePermission[]> = {
  system: [
    'site.console',
    'site.manage',
    'site.members',
    'site.people',
    'site.audit',
    'site.data',
    'site.chargers',
    'site.operate',
    'site.owner',
    'site.fluvius',
    'site.diagnose',
    'site.modules',
    'site.control',
  ],
  'staff:admin': [
    'site.console',
    'site.manage',
    'site.members',
    'site.people',
    'site.audit',
    'site.data',
    'site.chargers',
    'site.operate',
    'site.owner',
    'site.supportView',
    'site.fluvius',
    'site.diagnose',
    'site.modules',
    'site.control',
  ],
  // The home's own data (site.data, site.chargers) only while the audited support view is open: see sitePermissions.
  'staff:support': ['site.console', 'site.people', 'site.audit', 'site.supportView', 'site.diagnose'],
  'staff:fleet': ['site.console'],
  'installer:installer_admin': [
    'site.console',
    'site.manage',
    'site.members',
    'site.people',
    'site.audit',
    'site.data',
    'site.chargers',
    'site.fluvius',
    'site.diagnose',
    'site.modules',
    'site.control',
    'site.embed',
  ],
  // Commissions and services the site (DESIGN.md §3): not who lives there (no removing users) and not what the customer
  // pays for (no granting modules, no capacity rate).
  'installer:technician': [
    'site.console',
    'site.manage',
    'site.people',
    'site.audit',
    'site.data',
    'site.chargers',
    'site.fluvius',
    'site.diagnose',
    'site.control',
    'site.embed',
  ],
  owner: [
    'site.data',
    'site.chargers',
    'site.operate',
    'site.owner',
    'site.embed',
    'site.fluvius',
    'site.control',
  ],
  'member:all': ['site.data', 'site.chargers', 'site.operate', 'site.embed'],
  'member:chargers': ['site.chargers', 'site.operate'],
};

/**
 * Who may watch a site's live values: the stream (`/api/live/:siteId`, all of it with 'site.data', else only the
 * chargers) and every page that shows them, the homeowner's dashboard and the console's site page alike.
 */
export const LIVE_VALUES: SitePermission = 'site.chargers';

export function sitePermissions(access: SiteAccess): SitePermission[] {
  if (access.embedView) return EMBED_VIEW;
  const key =
    access.via === 'staff' || access.via === 'installer'
      ? `${access.via}:${access.role}`
      : access.via === 'member'
        ? `member:${access.scope}`
        : access.via;
  const granted = BY_ACCESS[key] ?? [];
  return key === 'staff:support' && access.supportViewOpen
    ? [...granted, 'site.data', 'site.chargers']
    : granted;
}

export function canOnSite(access: SiteAccess | null, permission: SitePermission): boolean {
  return access !== null && sitePermissions(access).includes(permission);
}

/** How the actor reaches a site, or null when it cannot see it at all. Staff first, then installer, then membership. */
export async function siteAccess(db: Db, actor: Actor, siteId: number): Promise<SiteAccess | null> {
  if (actor.type === 'anonymous') return null;
  const site = await db
    .selectFrom('sites')
    .select(['id', 'organization_id'])
    .where('id', '=', siteId)
    .executeTakeFirst();
  if (!site) return null;
  const base = { siteId: site.id, organizationId: site.organization_id };
  if (actor.type === 'system') return { ...base, via: 'system', role: null, scope: null };
  // An embed session reaches its own site only, and only as the homeowner it stands for.
  if (isEmbedded(actor) && actor.embedSiteId !== siteId) return null;
  const staff = staffRole(actor);
  if (staff === 'support')
    return {
      ...base,
      via: 'staff',
      role: staff,
      scope: null,
      supportViewOpen: actor.readOnly || (await supportViewOpened(db, actor.userId, siteId)),
    };
  if (staff) return { ...base, via: 'staff', role: staff, scope: null };
  const installer = installerOrgs(actor).find((o) => o.organizationId === site.organization_id);
  if (installer)
    return {
      ...base,
      via: 'installer',
      role: installer.role,
      scope: null,
      ...(isEmbedded(actor) ? { embedView: true } : {}),
    };
  const member = await db
    .selectFrom('site_members')
    .select(['role', 'scope'])
    .where('site_id', '=', siteId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (!member) return null;
  return member.role === 'owner'
    ? { ...base, via: 'owner', role: null, scope: 'all' }
    : { ...base, via: 'member', role: null, scope: member.scope };
}

/** Whether the person opened the site's support view (an audit line) within the window. */
async function supportViewOpened(db: Db, userId: number, siteId: number): Promise<boolean> {
  const opened = await db
    .selectFrom('audit_log')
    .select('id')
    .where('site_id', '=', siteId)
    .where('actor_user_id', '=', userId)
    .where('action', '=', SUPPORT_VIEW_OPENED)
    .where('at', '>', sql<Date>`NOW(3) - INTERVAL ${sql.lit(SUPPORT_VIEW_WINDOW_MINUTES)} MINUTE`)
    .limit(1)
    .executeTakeFirst();
  return opened !== undefined;
}

/** The audit action that opens the support view's window (written by HomeownerViewService.openSupportView). */
export const SUPPORT_VIEW_OPENED = 'homeowner_view.open';

/** The check every site-scoped service call starts with; with a list, any one of its permissions will do. */
export async function requireSite(
  db: Db,
  actor: Actor,
  siteId: number,
  permission: SitePermission | SitePermission[],
): Promise<SiteAccess> {
  if (actor.type === 'anonymous') throw unauthenticated();
  const access = await siteAccess(db, actor, siteId);
  if (!access) throw notFound();
  const wanted = Array.isArray(permission) ? permission : [permission];
  if (!wanted.some((p) => canOnSite(access, p))) {
    // Someone who has nothing to do with the site's console (a homeowner) learns nothing about it.
    if (!canOnSite(access, 'site.console') && wanted.every((p) => CONSOLE_ONLY.includes(p))) throw notFound();
    throw forbidden();
  }
  return access;
}

const CONSOLE_ONLY: SitePermission[] = [
  'site.console',
  'site.manage',
  'site.members',
  'site.people',
  'site.audit',
  'site.supportView',
];

/** Which sites a console list may show: all (staff), those of some organizations (installers), or none. */
export function siteListScope(actor: Actor): { all: true } | { organizationIds: number[] } {
  if (actor.type === 'system' || staffRole(actor)) return { all: true };
  return { organizationIds: installerOrgs(actor).map((o) => o.organizationId) };
}

/** Which organizations' audit trails an actor may read: all, some, or none. */
export function auditScope(actor: Actor): { all: true } | { organizationIds: number[] } {
  if (actor.type === 'system' || can(actor, 'audit.read')) return { all: true };
  return { organizationIds: installerOrgs(actor).map((o) => o.organizationId) };
}

// ---------------------------------------------------------------------------------------------------------------
// The homeowner view: embed sessions, read-only support views, one's own account

export function isEmbedded(actor: Actor): actor is UserActor & { embedSiteId: number } {
  return actor.type === 'user' && typeof actor.embedSiteId === 'number';
}

/** Which of a person's own sites the homeowner view may list: all of them, or the one an embed session is for. */
export function homeSiteScope(actor: Actor): { all: true } | { siteId: number } {
  return isEmbedded(actor) ? { siteId: actor.embedSiteId } : { all: true };
}

/**
 * Changing one's own account (name, language, password, e-mail, linked sign-ins): a real login only. Not a read-only
 * support view, and not an embed session — a link a partner's backend asked for must not be able to take the account.
 */
export function requireAccountChange(actor: Actor): UserActor {
  requireWritable(actor);
  const user = requireUser(actor);
  if (isEmbedded(user)) throw new AppError('forbidden', 'error.accountChangeEmbedded');
  return user;
}

/**
 * The homeowner view is for a site's own people. Staff and installers have the console; iLumen's support and admins
 * see a customer's view only through the read-only support view, whose every opening is audited.
 */
export function canUseHomeView(actor: Actor, access: SiteAccess): boolean {
  if (access.via === 'owner' || access.via === 'member' || access.via === 'system') return true;
  if (access.embedView) return true;
  return actor.type === 'user' && actor.readOnly && canOnSite(access, 'site.supportView');
}

/**
 * A site's users and its pending invitations (names, e-mail addresses): installers, admins and support in the console
 * (`site.people`), its main user, and support in the read-only support view; not fleet staff, not an "Alle data" or
 * chargers-only member (decision 081).
 */
export async function requireSiteUsers(db: Db, actor: Actor, siteId: number): Promise<SiteAccess> {
  if (actor.type === 'anonymous') throw unauthenticated();
  const access = await siteAccess(db, actor, siteId);
  if (!access) throw notFound();
  if (canOnSite(access, 'site.people') || canSeeShares(actor, access)) return access;
  throw forbidden();
}

/** Who shares an address sees the list of its users: its main user, and support looking over their shoulder. */
export function canSeeShares(actor: Actor, access: SiteAccess): boolean {
  return (
    canOnSite(access, 'site.owner') ||
    (actor.type === 'user' && actor.readOnly && canOnSite(access, 'site.supportView'))
  );
}

/**
 * Whether an actor may ask for an embed link for a site: as its main user or an "Alle data" user — by membership,
 * whatever staff role the person also has — or as a person of the installer the site belongs to (decision 142: the
 * link then opens the home's view read-only); always from a real login (not read-only, not itself an embed session).
 */
export async function canEmbedSite(db: Db, actor: Actor, siteId: number): Promise<boolean> {
  if (actor.type !== 'user' || actor.readOnly || isEmbedded(actor)) return false;
  const member = await db
    .selectFrom('site_members')
    .select(['role', 'scope'])
    .where('site_id', '=', siteId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (!member) return (await embedInstallerOrg(db, actor, siteId)) !== null;
  const access: SiteAccess = {
    siteId,
    organizationId: 0,
    via: member.role === 'owner' ? 'owner' : 'member',
    role: null,
    scope: member.scope,
  };
  return canOnSite(access, 'site.embed');
}

/**
 * The installer organization through which a person makes (or opens) an embed link of a site that is not theirs to
 * live in (decision 142): the site's own installer, when the person is its installer admin or technician; else null.
 */
export async function embedInstallerOrg(db: Db, actor: UserActor, siteId: number): Promise<number | null> {
  const site = await db
    .selectFrom('sites')
    .select('organization_id')
    .where('id', '=', siteId)
    .executeTakeFirst();
  if (!site) return null;
  return installerOrgs(actor).some((o) => o.organizationId === site.organization_id)
    ? site.organization_id
    : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Fluvius mandates

export interface MandateAccess {
  /** See it: status, EAN, sync. */
  view: boolean;
  /** Link it, cancel it, ask Fluvius again. */
  act: boolean;
}

/**
 * A mandate belongs to the homeowner who asked for it (until and after it is linked) and to the site it is for: whoever
 * may start mandates on that site acts on it, whoever sees the site in the console or owns it sees it. Null: the actor
 * cannot see it at all (answered as "not found").
 */
export async function mandateAccess(
  db: Db,
  actor: Actor,
  mandate: { user_id: number | null; site_id: number | null },
): Promise<MandateAccess | null> {
  if (actor.type === 'anonymous') return null;
  if (actor.type === 'system') return { view: true, act: true };
  // An embed session keeps to its own site, also for mandates.
  if (isEmbedded(actor) && mandate.site_id !== null && mandate.site_id !== actor.embedSiteId) return null;
  const own = mandate.user_id !== null && mandate.user_id === actor.userId;
  const access = mandate.site_id === null ? null : await siteAccess(db, actor, mandate.site_id);
  const act = own || canOnSite(access, 'site.fluvius');
  const view = act || canOnSite(access, 'site.console') || canOnSite(access, 'site.owner');
  return view ? { view, act } : null;
}

// ---------------------------------------------------------------------------------------------------------------
// The console for installers and the support desk: fleet, alarms, commissioning

/**
 * Which gateways and devices the fleet tables and the search may show: every one (staff) or those of the caller's
 * organizations. A gateway on a site belongs to the site's organization; one not yet claimed to the organization it
 * was registered for.
 */
export function fleetScope(actor: Actor): { all: true } | { organizationIds: number[] } {
  return siteListScope(actor);
}

/** Alarms: staff who read every tenant see them all, installers their own organizations' (decisions 040–042). */
export function alarmScope(actor: Actor): { all: true } | { organizationIds: number[] } {
  if (actor.type === 'system') return { all: true };
  const staff = staffRole(actor);
  if (staff === 'admin' || staff === 'support') return { all: true };
  return { organizationIds: installerOrgs(actor).map((o) => o.organizationId) };
}

export interface AlarmAccess {
  view: boolean;
  /** Acknowledge, assign, comment. */
  act: boolean;
}

/** Null: the actor cannot see the alarm at all ("not found"). Support acknowledges (DESIGN.md §3), as do installers. */
export function alarmAccess(actor: Actor, alarm: { organization_id: number | null }): AlarmAccess | null {
  if (actor.type === 'anonymous' || isEmbedded(actor)) return null;
  if (!consoleLinks(actor).alarm) return null;
  const scope = alarmScope(actor);
  const visible =
    'all' in scope ||
    (alarm.organization_id !== null && scope.organizationIds.includes(alarm.organization_id));
  if (!visible) return null;
  return { view: true, act: !(actor.type === 'user' && actor.readOnly) };
}

// ---------------------------------------------------------------------------------------------------------------
// Links between console pages

/**
 * Which console pages a person's links may lead to, for a row they see in a console list (an alarm of their scope, a
 * site of their sites): the rule the page's loader applies (`alarmAccess`, `requireSite(…, 'site.console')`), asked
 * by the pages that link there, so no link leads to "forbidden" or "not found". The console layout hands it to every
 * console page.
 */
export function consoleLinks(actor: Actor): { alarm: boolean; site: boolean } {
  const staff = staffRole(actor);
  const siteRoles =
    actor.type === 'system'
      ? ['system']
      : staff
        ? [`staff:${staff}`]
        : installerOrgs(actor).map((o) => `installer:${o.role}`);
  return {
    alarm: can(actor, 'alarms.list'),
    site: siteRoles.some((key) => (BY_ACCESS[key] ?? []).includes('site.console')),
  };
}

/**
 * Whether the person sees who lives at the sites of a console list (the owner's name and e-mail address): the rule of
 * `site.people`, asked once for the whole list. Fleet staff see devices, not people (decision 081).
 */
export function seesPeopleInLists(actor: Actor): boolean {
  const staff = staffRole(actor);
  const siteRoles =
    actor.type === 'system'
      ? ['system']
      : staff
        ? [`staff:${staff}`]
        : installerOrgs(actor).map((o) => `installer:${o.role}`);
  return siteRoles.some((key) => (BY_ACCESS[key] ?? []).includes('site.people'));
}

export const ROLES = { STAFF_ROLES, INSTALLER_ROLES };

// ---------------------------------------------------------------------------------------------------------------
// Large request bodies

/** What a body larger than a form carries; the portal asks before reading it (decision 080: bounded requests). */
export type Upload =
  /** A firmware artifact, or a rollout's long list of serials and sites. */
  | { kind: 'firmware' }
  /** Gateways to register (serials and claim codes). */
  | { kind: 'gatewayList' }
  /** A Mijn Fluvius export for one site. */
  | { kind: 'fluviusCsv'; siteId: number };

/** Whether the actor may send such a body at all; everyone else is held to a form's size. */
export async function mayUpload(db: Db, actor: Actor, upload: Upload): Promise<boolean> {
  if (actor.type === 'anonymous' || (actor.type === 'user' && actor.readOnly)) return false;
  switch (upload.kind) {
    case 'firmware':
      return can(actor, 'firmware.manage');
    case 'gatewayList':
      return can(actor, 'gateways.register');
    case 'fluviusCsv':
      return canOnSite(await siteAccess(db, actor, upload.siteId), 'site.fluvius');
  }
}
