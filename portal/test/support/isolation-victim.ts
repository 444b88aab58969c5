import { gzipSync } from 'node:zlib';
import { sql } from '@ilumen/db';
import { systemActor } from '@ilumen/services';
import type { PortalHarness } from './portal-harness';

/**
 * A victim site with one real object of every kind an endpoint can name by id, for the isolation suite
 * (`isolation.int.test.ts`): the ids to fill every route parameter and input field with, the strings that must never
 * reach an attacker, and the rows that must not change.
 */
export interface Victim {
  siteId: number;
  organizationId: number;
  /** Input field or route parameter → the victim's objects of that kind (each one is tried). */
  ids: Record<string, Array<number | string>>;
  markers: string[];
  /** Whose rows the snapshot covers. */
  scope: { siteIds: number[]; organizationIds: number[]; userIds: number[] };
}

const sys = systemActor('isolation-suite');

/** Makes the objects on `siteId` (which belongs to `organizationId`, with `ownerId` as its main user). */
export async function makeVictim(
  h: PortalHarness,
  v: {
    tag: string;
    siteId: number;
    organizationId: number;
    ownerId: number;
    batteryId: number;
    meterEan: string;
    inviter: number;
    staffUserIds: number[];
    markers: string[];
  },
): Promise<Victim> {
  const db = h.testDb.db;
  const { services } = h;
  const inviter = await h.world.actor(v.inviter);
  const invitation = await services.invitations.inviteToSite(inviter, {
    siteId: v.siteId,
    email: `pending-${v.tag.toLowerCase()}@home.test`,
    role: 'member',
    scope: 'all',
  });
  const existingCharger = await db
    .selectFrom('devices')
    .select('id')
    .where('site_id', '=', v.siteId)
    .where('type', '=', 'charger')
    .executeTakeFirst();
  const chargerId =
    existingCharger?.id ??
    (
      await services.devices.create(sys, {
        siteId: v.siteId,
        type: 'charger',
        model: 'Victim charger',
        serial: `ILC-${v.tag}-0001`,
      })
    ).id;
  const gatewayId = Number(
    (
      await db
        .insertInto('gateways')
        .values({ serial: `ILS-ISO${v.tag}0001`, site_id: v.siteId, organization_id: v.organizationId })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  const commandId = `0${v.tag.toLowerCase()}0${v.tag.toLowerCase()}0000-0000-4000-8000-00000000000${v.tag.toLowerCase()}`;
  const now = new Date();
  await db
    .insertInto('commands')
    .values({
      id: commandId,
      site_id: v.siteId,
      gateway_id: gatewayId,
      name: 'p1.lastTelegram',
      args: '{}',
      issued_at: now,
      expires_at: new Date(now.getTime() + 60_000),
    })
    .execute();
  const inserted = async (query: { executeTakeFirstOrThrow(): Promise<{ insertId?: bigint }> }) =>
    Number((await query.executeTakeFirstOrThrow()).insertId);
  const alarmId = await inserted(
    db.insertInto('alarms').values({
      kind: 'gateway_offline',
      open_key: `gateway_offline:gw:${gatewayId}`,
      subject: `gw:${gatewayId}`,
      severity: 'critical',
      organization_id: v.organizationId,
      site_id: v.siteId,
      gateway_id: gatewayId,
      details: JSON.stringify({ serial: `ILS-ISO${v.tag}0001` }),
      since: now,
      raised_at: now,
      last_active_at: now,
    }),
  );
  const mandateId = await inserted(
    db.insertInto('fluvius_mandates').values({
      reference_number: `ISO-${v.tag}-MANDATE`,
      origin: 'home',
      site_id: v.siteId,
      user_id: v.ownerId,
      requested_by_user_id: v.ownerId,
      ean: v.meterEan,
    }),
  );
  const uploadId = await inserted(
    db.insertInto('fluvius_csv_uploads').values({
      site_id: v.siteId,
      user_id: v.ownerId,
      file_name: `victim-${v.tag}.csv`,
      byte_size: 10,
      sha256: '0'.repeat(64),
      content_gz: gzipSync(Buffer.from('victim')),
      ean: v.meterEan,
      summary: '{}',
    }),
  );
  const timerId = await inserted(
    db.insertInto('charge_timers').values({
      site_id: v.siteId,
      device_id: v.batteryId,
      start_hour: 1,
      end_hour: 3,
      power_w: 1000,
      created_by_user_id: v.ownerId,
    }),
  );
  const notificationId = await inserted(
    db.insertInto('notifications').values({
      user_id: v.ownerId,
      site_id: v.siteId,
      kind: 'maintenance',
      title_key: 'notification.maintenance.title',
      body_key: 'notification.maintenance.body',
    }),
  );
  const exportId = await inserted(
    db.insertInto('charge_exports').values({
      user_id: v.ownerId,
      scope: 'site',
      site_id: v.siteId,
      from_day: '2026-11-01',
      to_day: '2026-11-30',
      locale: 'nl',
    }),
  );
  // A charger that charges a company car, and its month statement as sent (decision 192).
  await db
    .insertInto('company_cars')
    .values({
      device_id: chargerId,
      site_id: v.siteId,
      employer_email: `employer-${v.tag.toLowerCase()}@work.test`,
      region: 'flanders',
      locale: 'nl',
    })
    .execute();
  const statementId = await inserted(
    db.insertInto('company_car_statements').values({
      device_id: chargerId,
      site_id: v.siteId,
      month: '2026-10',
      version: 1,
      region: 'flanders',
      rate_quarter: '2026-Q4',
      eur_per_kwh: '0.3070',
      rate_final: true,
      sessions: 1,
      energy_wh: 10_000,
      total_eur: '3.07',
      difference_eur: null,
      employer_email: `employer-${v.tag.toLowerCase()}@work.test`,
      locale: 'nl',
      pdf: Buffer.from(`victim-${v.tag}-statement-pdf`),
      csv: `victim-${v.tag}-statement-csv`,
    }),
  );
  // A charge session on that charger, which its owner may mark as the company car's or private (decision 304).
  const sessionId = await inserted(
    db.insertInto('charge_sessions').values({
      site_id: v.siteId,
      device_id: chargerId,
      charger_key: `victim-${v.tag.toLowerCase()}-charger`,
      session_uid: `victim-${v.tag}-session`,
      mode: 'fast',
      started_at: new Date('2026-10-12T18:00:00Z'),
      ended_at: new Date('2026-10-12T20:00:00Z'),
      energy_wh: 10_000,
    }),
  );
  const members = await db
    .selectFrom('site_members')
    .select('user_id')
    .where('site_id', '=', v.siteId)
    .execute();
  const staff = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('organization_id', '=', v.organizationId)
    .execute();
  const userIds = [...new Set([...members, ...staff].map((r) => r.user_id))];
  return {
    siteId: v.siteId,
    organizationId: v.organizationId,
    ids: {
      siteId: [v.siteId],
      organizationId: [v.organizationId],
      deviceId: [v.batteryId, chargerId],
      chargerId: [chargerId],
      batteryId: [v.batteryId],
      gatewayId: [gatewayId],
      userId: [v.ownerId],
      assigneeId: [v.staffUserIds[0] ?? v.ownerId],
      invitationId: [invitation.id],
      commandId: [commandId],
      alarmId: [alarmId],
      mandateId: [mandateId],
      uploadId: [uploadId],
      timerId: [timerId],
      notificationId: [notificationId],
      exportId: [exportId],
      statementId: [statementId],
      sessionId: [sessionId],
    },
    markers: [
      ...v.markers,
      `pending-${v.tag.toLowerCase()}@home.test`,
      `ISO-${v.tag}-MANDATE`,
      `victim-${v.tag}.csv`,
      `employer-${v.tag.toLowerCase()}@work.test`,
      `victim-${v.tag}-statement`,
    ],
    scope: { siteIds: [v.siteId], organizationIds: [v.organizationId], userIds },
  };
}

/**
 * Staff-only objects (firmware releases and rollouts): every non-staff attacker must be refused them. Returned as
 * extra ids for every victim.
 */
export async function makeStaffObjects(h: PortalHarness) {
  const db = h.testDb.db;
  const releaseId = Number(
    (
      await db
        .insertInto('firmware_releases')
        .values({
          version: '9.9.9-victim',
          hardware_revision: '*',
          size_bytes: 1,
          sha256: 'f'.repeat(64),
          signature: 'victim',
          artifact_url: 'https://example.invalid/victim.bin',
          stored: false,
        })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  const rolloutId = Number(
    (
      await db
        .insertInto('rollouts')
        .values({
          name: 'Victim rollout',
          release_id: releaseId,
          target: '{}',
          target_count: 0,
          rate_per_minute: 1,
          max_failure_pct: 10,
          online_timeout_s: 600,
          step_timeout_s: 600,
        })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  // A contract offer staff keep (decision 303): its name is on every home's comparison, so it is no marker.
  const offerId = Number(
    (
      await db
        .insertInto('contract_offers')
        .values({
          name: 'Victim offer',
          kind: 'single',
          terms: JSON.stringify({ fixedEurPerYear: '0', importEurPerKwh: '0.2', exportEurPerKwh: '0.02' }),
        })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  return {
    ids: { releaseId: [releaseId], rolloutId: [rolloutId], offerId: [offerId] },
    markers: ['9.9.9-victim', 'Victim rollout'],
  };
}

/** Tables that hold the caller's own traces, not anyone's data: sessions, the audit trail, the migrator's own. */
const OWN_TRACES = new Set(['sessions', 'audit_log', 'kysely_migration', 'kysely_migration_lock']);
/** Columns that follow on their own (a main user's name in a site's search text, a touch time). */
const DERIVED = new Set(['updated_at', 'search_text']);

/**
 * Every row of every table that is the victim's: by site, organization or user where a table has such a column
 * (users, organizations and sites by their own id), and whole tables that have none (releases, rollouts, rates).
 * Read from the database's own catalogue, so a new table is covered without editing this. The attacker's own rows are
 * left out: they may change their own language or read their own notifications.
 */
export async function snapshotVictim(h: PortalHarness, scope: Victim['scope'], attackerId: number | null) {
  const db = h.testDb.db;
  const columns = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name AS table_name, column_name AS column_name FROM information_schema.columns
    WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position`.execute(db);
  const tables = new Map<string, string[]>();
  for (const c of columns.rows)
    tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), c.column_name]);
  const list = (ids: number[]) => sql.join(ids.length > 0 ? ids : [0]);
  const out: Record<string, string> = {};
  for (const [table, cols] of tables) {
    if (OWN_TRACES.has(table)) continue;
    const has = (c: string) => cols.includes(c);
    const conditions = [
      table === 'users' ? sql`id IN (${list(scope.userIds)})` : null,
      table === 'organizations' ? sql`id IN (${list(scope.organizationIds)})` : null,
      table === 'sites' ? sql`id IN (${list(scope.siteIds)})` : null,
      has('site_id') ? sql`site_id IN (${list(scope.siteIds)})` : null,
      has('organization_id') ? sql`organization_id IN (${list(scope.organizationIds)})` : null,
      has('user_id') ? sql`user_id IN (${list(scope.userIds)})` : null,
    ].filter((c) => c !== null);
    const where = conditions.length > 0 ? sql`(${sql.join(conditions, sql` OR `)})` : sql`1 = 1`;
    const notOwn =
      attackerId !== null && (has('user_id') || table === 'users')
        ? sql` AND ${sql.ref(table === 'users' ? 'id' : 'user_id')} <> ${attackerId}`
        : sql``;
    const keep = cols.filter((c) => !DERIVED.has(c) && !c.endsWith('_gz'));
    const rows = await sql<Record<string, unknown>>`
      SELECT ${sql.join(keep.map((c) => sql.ref(c)))} FROM ${sql.table(table)} WHERE ${where}${notOwn}`.execute(
      db,
    );
    out[table] = rows.rows
      .map((r) => JSON.stringify(r))
      .sort()
      .join('\n');
  }
  return out;
}

/** The tables whose victim rows differ between two snapshots. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}
