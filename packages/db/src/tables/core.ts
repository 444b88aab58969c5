import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { Bool, CreatedAt, Decimal, Id, Instant, Json, LocalDate } from './types';

export type OrganizationKind = 'operator' | 'installer';
export type OrgRole = 'admin' | 'support' | 'fleet' | 'installer_admin' | 'technician';
export type Locale = 'nl' | 'fr' | 'en';
export type SiteRole = 'owner' | 'member';
export type SiteScope = 'all' | 'chargers';
export type SiteStatus = 'draft' | 'active' | 'inactive';
export type DeviceType = 'meter' | 'inverter' | 'battery' | 'charger' | 'heat';

export interface OrganizationsTable {
  id: Id;
  kind: OrganizationKind;
  name: string;
  vat_number: string | null;
  email: string | null;
  phone: string | null;
  active: Bool;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface UsersTable {
  id: Id;
  email: string;
  name: string;
  password_hash: string | null;
  locale: ColumnType<Locale, Locale | undefined, Locale>;
  active: Bool;
  email_verified_at: Date | null;
  last_login_at: Date | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  expires_at: Instant;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  id: Id;
  user_id: number;
  organization_id: number;
  role: OrgRole;
  created_at: CreatedAt;
}

export interface SitesTable {
  id: Id;
  organization_id: number;
  name: string | null;
  street: string;
  house_number: string;
  postal_code: string;
  city: string;
  country: ColumnType<string, string | undefined, string>;
  timezone: ColumnType<string, string | undefined, string>;
  grid_phases: ColumnType<number, number | undefined, number>;
  main_fuse_a: ColumnType<number, number | undefined, number>;
  status: ColumnType<SiteStatus, SiteStatus | undefined, SiteStatus>;
  search_text: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface SiteMembersTable {
  id: Id;
  site_id: number;
  user_id: number;
  role: SiteRole;
  scope: ColumnType<SiteScope, SiteScope | undefined, SiteScope>;
  created_at: CreatedAt;
}

export interface InvitationsTable {
  id: Id;
  token_hash: string;
  email: string;
  kind: 'organization' | 'site';
  organization_id: number | null;
  role: OrgRole | null;
  site_id: number | null;
  site_role: SiteRole | null;
  site_scope: SiteScope | null;
  invited_by_user_id: number | null;
  expires_at: Instant;
  accepted_at: Date | null;
  revoked_at: Date | null;
  created_at: CreatedAt;
}

export interface PasswordResetsTable {
  id: Id;
  token_hash: string;
  user_id: number;
  expires_at: Instant;
  used_at: Date | null;
  requested_ip: string | null;
  created_at: CreatedAt;
}

export interface MetersTable {
  id: Id;
  site_id: number;
  /** The site's organization, copied by the database: an EAN is unique per organization (decision 083). */
  organization_id: ColumnType<number, never, never>;
  ean: string;
  energy_type: ColumnType<'E' | 'G', 'E' | 'G' | undefined, 'E' | 'G'>;
  active_since: LocalDate;
  created_at: CreatedAt;
}

export interface GatewaysTable {
  id: Id;
  serial: string;
  organization_id: number | null;
  site_id: number | null;
  claim_code_hash: string | null;
  mqtt_username: string | null;
  firmware_version: string | null;
  hardware_revision: string | null;
  online: Bool;
  online_changed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  uptime_s: ColumnType<number | null, number | null | undefined, number | null>;
  last_seen_at: Date | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface DevicesTable {
  id: Id;
  site_id: number;
  /** The site's organization, copied by the database: a serial is unique per organization (decision 083). */
  organization_id: ColumnType<number, never, never>;
  gateway_id: number | null;
  type: DeviceType;
  manufacturer: string | null;
  model: string;
  serial: string;
  meter_id: number | null;
  /** The device's one name towards its gateway, live values, events and pages; unique in its site (decision 071). */
  device_key: string;
  modbus: Json | null;
  status: string | null;
  status_code: string | null;
  status_text: string | null;
  status_changed_at: Date | null;
  active_since: LocalDate;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface TariffsTable {
  id: Id;
  site_id: number;
  effective_from: LocalDate;
  import_eur_per_kwh: Decimal;
  export_eur_per_kwh: Decimal;
  created_by_user_id: number | null;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Id;
  at: CreatedAt;
  actor_user_id: number | null;
  actor_email: string | null;
  organization_id: number | null;
  site_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json | null;
  after: Json | null;
  ip: string | null;
  request_id: string | null;
}

export interface CoreTables {
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  memberships: MembershipsTable;
  sites: SitesTable;
  site_members: SiteMembersTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  meters: MetersTable;
  gateways: GatewaysTable;
  devices: DevicesTable;
  tariffs: TariffsTable;
  audit_log: AuditLogTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type NewOrganizationRow = Insertable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type MembershipRow = Selectable<MembershipsTable>;
export type SiteRow = Selectable<SitesTable>;
export type NewSiteRow = Insertable<SitesTable>;
export type SiteMemberRow = Selectable<SiteMembersTable>;
export type InvitationRow = Selectable<InvitationsTable>;
export type PasswordResetRow = Selectable<PasswordResetsTable>;
export type MeterRow = Selectable<MetersTable>;
export type GatewayRow = Selectable<GatewaysTable>;
export type DeviceRow = Selectable<DevicesTable>;
export type NewDeviceRow = Insertable<DevicesTable>;
export type TariffRow = Selectable<TariffsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
