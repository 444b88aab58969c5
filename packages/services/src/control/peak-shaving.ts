import { localMonth } from '@ilumen/energy';
import { PEAK_SHAVING_NO_GAIN_BELOW_W } from '@ilumen/mqtt-contract';
import { z } from 'zod';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import { gridConnections } from '../energy/anomalies';
import { type LiveSnapshot, liveKeys } from '../energy/live';
import { monthPeakOf } from '../energy/month-peak';
import type { GatewayConfigService } from '../gateways/config';
import { bool, id, intRange } from '../validation';
import { readModuleSettings, saveModuleSettings } from './settings-change';

export const peakShavingSaveInput = z.object({
  siteId: id(),
  enabled: bool().default(true),
  /** "Behandel piek vanaf X W afname". */
  thresholdW: intRange(500, 50_000),
  /** "X % van de batterijcapaciteit is gereserveerd". */
  reservePct: intRange(0, 100),
});

/**
 * Peak shaving ("Piektarief"): the owner's threshold and reserve, and what the settings page shows next to them — the
 * running 15-minute value from the live values, this month's value and its moment, and the manual's warning that a
 * threshold under 2500 W brings no financial gain (every month counts at least 2.5 kW).
 */
export class PeakShavingService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly gatewayConfig: GatewayConfigService,
  ) {}

  async view(actor: Actor, input: unknown) {
    const db = this.deps.db;
    const now = this.deps.clock.now();
    const month = localMonth(now);
    const { siteId, settings, granted, canEdit, more } = await readModuleSettings(
      this.deps,
      actor,
      input,
      'peak_shaving',
      (siteId) =>
        Promise.all([
          db
            .selectFrom('energy_month')
            .select(['qh_peak_w', 'qh_peak_at', 'meter_peak_w', 'meter_peak_at'])
            .where('site_id', '=', siteId)
            .where('month', '=', `${month}-01`)
            .executeTakeFirst(),
          this.deps.redis.get(liveKeys(this.deps.redisPrefix).latest(siteId)),
          db
            .selectFrom('devices')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('site_id', '=', siteId)
            .where('type', '=', 'battery')
            .executeTakeFirstOrThrow(),
        ]),
    );
    const [monthRow, raw, batteries] = more;
    const live = raw ? (JSON.parse(raw) as LiveSnapshot) : null;
    const meterPeak = live?.live.grid?.monthPeak;
    // the month peak that counts (decision 091); the meter's live value stands in before its month row exists (the
    // live sink keeps only plausible ones)
    const connection = (await gridConnections(db, [siteId])).get(siteId) ?? null;
    const peak = monthPeakOf(
      monthRow ??
        (meterPeak?.at
          ? {
              qh_peak_w: null,
              qh_peak_at: null,
              meter_peak_w: meterPeak.w,
              meter_peak_at: new Date(meterPeak.at),
            }
          : undefined),
      connection,
      month,
    );
    return {
      siteId,
      granted,
      enabled: settings.peakEnabled,
      thresholdW: settings.peakThresholdW,
      reservePct: settings.peakReservePct,
      noGainBelowW: PEAK_SHAVING_NO_GAIN_BELOW_W,
      noGain: settings.peakThresholdW < PEAK_SHAVING_NO_GAIN_BELOW_W,
      hasBattery: Number(batteries.n) > 0,
      canEdit,
      quarter: {
        averageW: live?.live.grid?.quarterAverageW ?? null,
        at: live?.live.ts ?? null,
      },
      month: { month, peak },
    };
  }

  async save(actor: Actor, input: unknown) {
    const data = await saveModuleSettings(this.deps, this.gatewayConfig, actor, input, {
      module: 'peak_shaving',
      schema: peakShavingSaveInput,
      change: (data) => ({
        action: 'peak_shaving.settings',
        fields: { enabled: 'peakEnabled', thresholdW: 'peakThresholdW', reservePct: 'peakReservePct' },
        patch: {
          peakEnabled: data.enabled,
          peakThresholdW: data.thresholdW,
          peakReservePct: data.reservePct,
        },
      }),
    });
    return { noGain: data.thresholdW < PEAK_SHAVING_NO_GAIN_BELOW_W };
  }
}
