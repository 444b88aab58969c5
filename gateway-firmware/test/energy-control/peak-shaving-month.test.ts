import { describe, expect, it } from 'vitest';
import {
  createDynamicCharging,
  dynamicChargingSettingsSchema,
} from '../../src/control/controllers/dynamic-charging';
import { createPeakShaving, peakShavingSettingsSchema } from '../../src/control/controllers/peak-shaving';
import { localDayIndex, localDayStart } from '../../src/sim/site/brussels-time';
import { FastSite } from './fast-site';
import { MONTH_END, MONTH_START, monthHousehold } from './month-scenario';

/*
 * A simulated January of a household with a battery and a car that peaks at about 7 kW on its own. Peak shaving at
 * 4 kW (with the battery refilled in the three cheap night hours, as dynamic charging would) keeps every quarter at
 * or under 4 kW while the battery can hold it; with too small a reserve it runs empty some evenings, and each quarter
 * that ended over the threshold is reported with why.
 */

const THRESHOLD_W = 4000;
const STEP_MS = 10_000;

/** 02:00–05:00 Brussels every night: what the platform plans from the day-ahead prices (tested there). */
function nightHours() {
  const hours: { start: string; end: string }[] = [];
  for (let d = localDayIndex(MONTH_START); d <= localDayIndex(MONTH_END); d++) {
    const start = localDayStart(d) + 2 * 3_600_000;
    hours.push({ start: new Date(start).toISOString(), end: new Date(start + 3 * 3_600_000).toISOString() });
  }
  return hours;
}

async function month(options: { peakShaving: boolean; reservePct?: number; telegrams?: boolean }) {
  const home = monthHousehold();
  const controllers = options.peakShaving
    ? [
        createPeakShaving(
          peakShavingSettingsSchema.parse({
            enabled: true,
            thresholdW: THRESHOLD_W,
            reservePct: options.reservePct,
          }),
        ),
        createDynamicCharging(
          dynamicChargingSettingsSchema.parse({
            enabled: true,
            hours: nightHours(),
            maxImportW: THRESHOLD_W,
          }),
        ),
      ]
    : [];
  const site = await FastSite.create({
    start: MONTH_START,
    stepMs: STEP_MS,
    phases: 3,
    loadW: home.loadW,
    pvW: home.pvW,
    battery: { capacityWh: 10_000, maxW: 5000, socPct: 60 },
    chargers: [{ id: 'charger1', visitAt: home.carAt }],
    controllers,
    telegrams: options.telegrams,
  });
  await site.runUntil(MONTH_END);
  const quarters = [...site.quarters.values()];
  const peak = quarters.reduce((best, q) => (q.importWh * 4 > best.importWh * 4 ? q : best));
  return { site, quarters, peakW: peak.importWh * 4, peak };
}

describe('peak shaving over a simulated month', () => {
  it('the household alone peaks at about 7 kW', async () => {
    const { peakW, quarters } = await month({ peakShaving: false });
    expect(peakW).toBeGreaterThan(6500);
    expect(peakW).toBeLessThan(7500);
    // not a one-off: most evenings go over 4 kW
    expect(quarters.filter((q) => q.importWh * 4 > THRESHOLD_W).length).toBeGreaterThan(60);
  }, 60_000);

  it('at 4 kW with a 60 % reserve, no quarter of the month goes over 4 kW (meter read through real telegrams)', async () => {
    const { site, peakW, quarters } = await month({ peakShaving: true, reservePct: 60, telegrams: true });
    expect(peakW).toBeLessThanOrEqual(THRESHOLD_W);
    // the meter's own month peak (1.6.0) agrees
    expect(site.meter.monthPeak.w).toBeLessThanOrEqual(THRESHOLD_W);
    // the battery did the work: it discharged in the evenings' quarters that the household alone would have pushed over
    const evening = quarters.filter((q) => q.loadWh * 4 + q.evWh * 4 > THRESHOLD_W);
    expect(evening.length).toBeGreaterThan(60);
    expect(evening.every((q) => q.importWh * 4 <= THRESHOLD_W)).toBe(true);
    const decisions = site.decisions();
    expect(decisions.some((d) => d.controller === 'peakShaving' && d.values?.code === 'peak.shave')).toBe(
      true,
    );
    expect(decisions.some((d) => d.controller === 'peakShaving' && d.values?.code === 'peak.reserve')).toBe(
      true,
    );
    expect(decisions.filter((d) => d.action === 'peak.exceeded')).toEqual([]);
    // every decision carries its reason
    expect(decisions.every((d) => d.reason.length > 10)).toBe(true);
  }, 300_000); // a month of quarters in CPU time; slow on a busy two-core machine

  it('with a 40 % reserve the battery runs empty some evenings, and every quarter over 4 kW says why', async () => {
    const { site, quarters } = await month({ peakShaving: true, reservePct: 40 });
    const over = quarters.filter((q) => q.importWh * 4 > THRESHOLD_W + 1);
    expect(over.length).toBeGreaterThan(0);
    const notices = site.decisions().filter((d) => d.action === 'peak.exceeded');
    for (const q of over) {
      const notice = notices.find((n) => n.values?.quarterStart === new Date(q.start).toISOString());
      expect(notice, `no notice for ${new Date(q.start).toISOString()}`).toBeDefined();
      expect(notice?.values?.cause).toBe('battery-empty');
      expect(q.lowestSocPct).toBeLessThan(8);
      expect(notice?.reason).toMatch(/over the 4\.00 kW threshold: the battery was empty/);
    }
    // and no notice for a quarter that stayed under
    expect(notices.length).toBe(over.length);
  }, 300_000); // a month of quarters in CPU time; slow on a busy two-core machine
});
