/** A battery on a gateway (its device key) at an active site. */
export interface MaintainedBattery {
  id: number;
  site_id: number;
  device_key: string | null;
}

/** A battery's quarters, named by its site and device key. */
interface BatteryRef {
  site_id: number;
  device_key: string;
}

/** What the quarters and the earlier charges say of the batteries (the maintenance service reads it). */
export interface BatteryEvidence {
  /** Reached 100 % within the interval. */
  full: BatteryRef[];
  /** Reported a state of charge lately: one we hear nothing from can be neither judged nor charged. */
  recent: BatteryRef[];
  /** Has a charge planned or running, or one completed within the interval. */
  open: Array<{ device_id: number }>;
  /** When each was last at 100 %, as far back as the quarters go. */
  lastFull: Array<BatteryRef & { at: Date | null }>;
}

const refKey = (siteId: number, deviceKey: string) => `${siteId}/${deviceKey}`;

/**
 * The batteries that get a maintenance charge: still reporting, not at 100 % within the interval, and without a
 * charge planned, running or done within it; each with when it was last full (shown on the charge).
 */
export function dueBatteries<B extends MaintainedBattery>(
  batteries: readonly B[],
  evidence: BatteryEvidence,
): Array<B & { device_key: string; lastFullAt: Date | null }> {
  const full = new Set(evidence.full.map((r) => refKey(r.site_id, r.device_key)));
  const recent = new Set(evidence.recent.map((r) => refKey(r.site_id, r.device_key)));
  const open = new Set(evidence.open.map((r) => r.device_id));
  const lastFull = new Map(evidence.lastFull.map((r) => [refKey(r.site_id, r.device_key), r.at]));
  const due: Array<B & { device_key: string; lastFullAt: Date | null }> = [];
  for (const b of batteries) {
    if (b.device_key === null) continue;
    const k = refKey(b.site_id, b.device_key);
    if (recent.has(k) && !full.has(k) && !open.has(b.id))
      due.push({ ...b, device_key: b.device_key, lastFullAt: lastFull.get(k) ?? null });
  }
  return due;
}
