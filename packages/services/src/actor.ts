import type { Db, Locale, OrganizationKind, OrgRole } from '@ilumen/db';

export interface Membership {
  organizationId: number;
  organizationKind: OrganizationKind;
  organizationName: string;
  role: OrgRole;
}

export interface RequestInfo {
  ip: string | null;
  requestId: string | null;
}

export type UserActor = RequestInfo & {
  type: 'user';
  userId: number;
  email: string;
  name: string;
  locale: Locale;
  /** Memberships of active organizations only: a deactivated tenant grants nothing. */
  memberships: Membership[];
  /** Support opening a homeowner's view: may look, may not change. */
  readOnly: boolean;
  sessionId: string | null;
  /**
   * Set for a session opened by an embed link: the actor reaches this one site only, never the console (policy.ts).
   * Absent or null for a normal login.
   */
  embedSiteId?: number | null;
};

export type Actor =
  | (RequestInfo & { type: 'anonymous' })
  | UserActor
  /** Jobs, seeds and the ingest: trusted code acting on its own. */
  | { type: 'system'; name: string; ip: null; requestId: string | null };

export const anonymous = (info: Partial<RequestInfo> = {}): Actor => ({
  type: 'anonymous',
  ip: info.ip ?? null,
  requestId: info.requestId ?? null,
});

export const systemActor = (name: string): Actor => ({ type: 'system', name, ip: null, requestId: null });

/** Loads an active user with the memberships that grant something; null for an unknown or deactivated user. */
export async function loadUserActor(
  db: Db,
  userId: number,
  extra: Partial<RequestInfo> & {
    sessionId?: string | null;
    readOnly?: boolean;
    embedSiteId?: number | null;
  } = {},
): Promise<UserActor | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale', 'active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user?.active) return null;
  const memberships = await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select([
      'memberships.organization_id as organizationId',
      'organizations.kind as organizationKind',
      'organizations.name as organizationName',
      'memberships.role as role',
    ])
    .where('memberships.user_id', '=', userId)
    .where('organizations.active', '=', true)
    .execute();
  const embedSiteId = extra.embedSiteId ?? null;
  // An installer's embed link (decision 142): a person who does not live on the site keeps only the membership of
  // the site's installer, and reads the home's view without changing anything.
  const installerView = embedSiteId
    ? await embedInstallerMembership(db, userId, embedSiteId, memberships)
    : [];
  return {
    type: 'user',
    userId: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    // An embed session stands for the homeowner on one site: whatever staff or installer role the person also has
    // stays out of it.
    memberships: embedSiteId ? installerView : memberships,
    readOnly: (extra.readOnly ?? false) || installerView.length > 0,
    sessionId: extra.sessionId ?? null,
    embedSiteId,
    ip: extra.ip ?? null,
    requestId: extra.requestId ?? null,
  };
}

/** For an embed session of a site the person is no member of: their membership of the site's installer, if any. */
async function embedInstallerMembership(
  db: Db,
  userId: number,
  siteId: number,
  memberships: Membership[],
): Promise<Membership[]> {
  const member = await db
    .selectFrom('site_members')
    .select('user_id')
    .where('site_id', '=', siteId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (member) return [];
  const site = await db
    .selectFrom('sites')
    .select('organization_id')
    .where('id', '=', siteId)
    .executeTakeFirst();
  return memberships.filter(
    (m) =>
      m.organizationKind === 'installer' &&
      m.organizationId === site?.organization_id &&
      (m.role === 'installer_admin' || m.role === 'technician'),
  );
}
