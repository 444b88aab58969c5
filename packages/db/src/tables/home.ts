import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { CreatedAt, Decimal, Id, Instant, Json, LocalDate } from './types';

/** A normal login, or a session opened by an embed link and kept to one site (policy.ts). */
export type SessionKind = 'user' | 'embed';

// The kind and site of a session live on the core `sessions` table (added by the home migration); merged into its
// type here so the core file stays as it landed.
declare module './core' {
  interface SessionsTable {
    kind: ColumnType<SessionKind, SessionKind | undefined, SessionKind>;
    site_id: ColumnType<number | null, number | null | undefined, number | null>;
  }
}

export type NotificationKind =
  | 'share.received'
  | 'share.accepted'
  | 'maintenance'
  | 'mandate.ready'
  | 'system';

export interface NotificationsTable {
  id: Id;
  user_id: number;
  site_id: number | null;
  kind: NotificationKind;
  title_key: string;
  body_key: string;
  params: Json | null;
  read_at: Date | null;
  created_at: CreatedAt;
}

export interface TariffChangesTable {
  id: Id;
  site_id: number;
  effective_from: LocalDate;
  import_eur_per_kwh: Decimal;
  export_eur_per_kwh: Decimal;
  user_id: number | null;
  created_at: CreatedAt;
}

export interface EmailChangesTable {
  id: Id;
  token_hash: string;
  user_id: number;
  old_email: string;
  new_email: string;
  expires_at: Instant;
  used_at: Date | null;
  revoked_at: Date | null;
  created_at: CreatedAt;
}

export type OAuthProviderId = 'google' | 'apple' | 'facebook';

export interface OAuthAccountsTable {
  id: Id;
  user_id: number;
  provider: OAuthProviderId;
  subject: string;
  email: string | null;
  last_login_at: Date | null;
  created_at: CreatedAt;
}

export interface EmbedLinksTable {
  id: Id;
  token_hash: string;
  user_id: number;
  site_id: number;
  expires_at: Instant;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface HomeTables {
  notifications: NotificationsTable;
  tariff_changes: TariffChangesTable;
  email_changes: EmailChangesTable;
  oauth_accounts: OAuthAccountsTable;
  embed_links: EmbedLinksTable;
}

export type NotificationRow = Selectable<NotificationsTable>;
export type NewNotificationRow = Insertable<NotificationsTable>;
export type TariffChangeRow = Selectable<TariffChangesTable>;
export type EmailChangeRow = Selectable<EmailChangesTable>;
export type OAuthAccountRow = Selectable<OAuthAccountsTable>;
export type EmbedLinkRow = Selectable<EmbedLinksTable>;
