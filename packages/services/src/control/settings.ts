import type { Database, Db, SiteControlSettingsTable, StoreModule, Transaction } from '@ilumen/db';
import type { Selectable } from 'kysely';

/** Defaults of a site's energy-control settings before anybody saved any. */
export const CONTROL_DEFAULTS = {
  peakEnabled: true,
  peakThresholdW: 4000,
  peakReservePct: 20,
  dynamicEnabled: true,
  dynamicHours: 3,
} as const;

export interface ControlSettings {
  peakEnabled: boolean;
  peakThresholdW: number;
  peakReservePct: number;
  dynamicEnabled: boolean;
  dynamicHours: number;
  lbLimitW: number | null;
  lbLimitA: number | null;
  capacityRateCode: string | null;
}

export function settingsFromRow(row: Selectable<SiteControlSettingsTable> | undefined): ControlSettings {
  return {
    peakEnabled: row ? Boolean(row.peak_enabled) : CONTROL_DEFAULTS.peakEnabled,
    peakThresholdW: row?.peak_threshold_w ?? CONTROL_DEFAULTS.peakThresholdW,
    peakReservePct: row?.peak_reserve_pct ?? CONTROL_DEFAULTS.peakReservePct,
    dynamicEnabled: row ? Boolean(row.dynamic_enabled) : CONTROL_DEFAULTS.dynamicEnabled,
    dynamicHours: row?.dynamic_hours ?? CONTROL_DEFAULTS.dynamicHours,
    lbLimitW: row?.lb_limit_w ?? null,
    lbLimitA: row?.lb_limit_a ?? null,
    capacityRateCode: row?.capacity_rate_code ?? null,
  };
}

/** A site's settings (defaults when none were saved), optionally locked for an update in the caller's transaction. */
export async function readControlSettings(
  db: Db | Transaction<Database>,
  siteId: number,
  forUpdate = false,
): Promise<ControlSettings> {
  let q = db.selectFrom('site_control_settings').selectAll().where('site_id', '=', siteId);
  if (forUpdate) q = q.forUpdate();
  return settingsFromRow(await q.executeTakeFirst());
}

/** Writes the settings that changed (the row is created with the defaults plus these on the first save). */
export async function writeControlSettings(
  trx: Db | Transaction<Database>,
  siteId: number,
  s: ControlSettings,
  by: { userId: number | null; at: Date },
): Promise<void> {
  const values = {
    peak_enabled: s.peakEnabled,
    peak_threshold_w: s.peakThresholdW,
    peak_reserve_pct: s.peakReservePct,
    dynamic_enabled: s.dynamicEnabled,
    dynamic_hours: s.dynamicHours,
    lb_limit_w: s.lbLimitW,
    lb_limit_a: s.lbLimitA,
    capacity_rate_code: s.capacityRateCode,
    updated_by_user_id: by.userId,
    updated_at: by.at,
  };
  await trx
    .insertInto('site_control_settings')
    .values({ site_id: siteId, ...values })
    .onDuplicateKeyUpdate(values)
    .execute();
}

/** The modules granted to a site. */
export async function grantedModules(
  db: Db | Transaction<Database>,
  siteId: number,
): Promise<Set<StoreModule>> {
  const rows = await db.selectFrom('site_modules').select('module').where('site_id', '=', siteId).execute();
  return new Set(rows.map((r) => r.module));
}
