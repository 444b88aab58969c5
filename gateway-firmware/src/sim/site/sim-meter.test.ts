import { QUARTER_MS } from '@ilumen/mqtt-contract';
import { parseTelegram } from '@ilumen/p1';
import { describe, expect, it } from 'vitest';
import { TelegramSplitter } from '../../p1/telegram-splitter';
import { SimMeter } from './sim-meter';

const start = Date.parse('2024-01-31T22:00:00Z'); // 23:00 local on a Wednesday: night tariff, month ends in an hour

function meter() {
  return new SimMeter({
    seed: 3,
    phases: 3,
    serial: '1SIM00000003',
    ean: '541448800000000003',
    importT1Wh: 1_000_000,
    importT2Wh: 2_000_000,
    exportT1Wh: 300_000,
    exportT2Wh: 40_000,
    gasM3: 100,
    gasSerial: 'G000000003',
  });
}

describe('SimMeter', () => {
  it('writes telegrams the real parser accepts (CRC included), through the real splitter', () => {
    const m = meter();
    for (let t = start; t < start + 60_000; t += 1000) m.integrate(t, 1000, 1850);
    const text = m.telegram(start + 60_000);
    const telegrams: Buffer[] = [];
    const splitter = new TelegramSplitter({ onTelegram: (b) => telegrams.push(b), onDiscard: () => {} });
    const bytes = Buffer.from(text, 'latin1');
    for (let i = 0; i < bytes.length; i += 64) splitter.push(bytes.subarray(i, i + 64));
    expect(telegrams).toHaveLength(1);
    const r = parseTelegram(telegrams[0]!);
    if (!r.ok) throw new Error(r.reason);
    const x = r.reading;
    expect(x.ts).toBe('2024-01-31T22:01:00.000Z');
    expect(x.meterSerial).toBe('1SIM00000003');
    expect(x.ean).toBe('541448800000000003');
    expect(x.tariff).toBe(2);
    // 1850 W for a minute = 30.83 Wh, on the night register
    expect(x.importT2Wh).toBe(2_000_030);
    expect(x.importT1Wh).toBe(1_000_000);
    expect(x.importW).toBe(1850);
    expect(x.exportW).toBe(0);
    const phaseSum = (x.phases.l1?.importW ?? 0) + (x.phases.l2?.importW ?? 0) + (x.phases.l3?.importW ?? 0);
    expect(phaseSum).toBe(1850);
    expect(x.phases.l3?.voltageV).toBeGreaterThan(228);
    expect(x.quarterAverageW).toBe(1850);
    expect(x.monthPeak).toEqual({ at: null, w: 0 });
    expect(x.gas).toMatchObject({ m3: 100, channel: 1 });
    // a flipped byte is caught by the CRC
    const broken = Buffer.from(text.replace('1-0:1.7.0(01.850', '1-0:1.7.0(01.851'), 'latin1');
    expect(parseTelegram(broken)).toMatchObject({ ok: false, code: 'crc_mismatch' });
  });

  it('keeps the quarter average (1.4.0) and the month peak (1.6.0) consistent with the power it integrated', () => {
    const m = meter();
    const quarters = [800, 3200, 2000, -1500, 2600];
    let t = Date.parse('2024-01-15T09:00:00Z'); // a Monday, day tariff
    const registersAt: number[] = [];
    for (const w of quarters) {
      const r = m.registers();
      registersAt.push(r.importT1Wh + r.importT2Wh);
      for (let s = 0; s < 900; s++, t += 1000) {
        m.integrate(t, 1000, w);
        if (s === 449) expect(m.quarterAverageW).toBe(Math.max(0, w));
      }
    }
    const r = m.registers();
    registersAt.push(r.importT1Wh + r.importT2Wh);
    // each quarter's import delta × 4 is its average, and the highest one is the month's peak
    const averages = registersAt.slice(1).map((v, i) => (v - registersAt[i]!) * 4);
    averages.forEach((a, i) => {
      expect(Math.abs(a - Math.max(0, quarters[i]!))).toBeLessThanOrEqual(4);
    });
    expect(m.monthPeak).toEqual({ at: Date.parse('2024-01-15T09:15:00Z'), w: 3200 });
    expect([...m.quarterAverages.values()]).toEqual([800, 3200, 2000, 0, 2600]);
    // export goes to the day export register
    expect(m.registers().exportT1Wh - 300_000).toBe(375);
  });

  it('moves the month peak into the history at the Brussels month change and starts the new month empty', () => {
    const m = meter();
    let t = start; // 23:00 local, 31 January
    for (; t < start + 2 * 3_600_000; t += 1000) m.integrate(t, 1000, t < start + QUARTER_MS ? 4000 : 500);
    const r = parseTelegram(m.telegram(t));
    if (!r.ok) throw new Error(r.reason);
    expect(r.reading.peakHistory).toEqual([
      { month: '2024-01', periodEnd: '2024-01-31T23:00:00.000Z', at: '2024-01-31T22:00:00.000Z', w: 4000 },
    ]);
    expect(r.reading.monthPeak).toEqual({ at: '2024-01-31T23:00:00.000Z', w: 500 });
  });

  it('counts a weekday on the day register and a public holiday on the night register, as a Belgian meter does', () => {
    const hour = (m: SimMeter, from: number) => {
      for (let t = from; t < from + 3_600_000; t += 1000) m.integrate(t, 1000, 1200);
    };
    // Thursday 24 December 2026, 11:00–12:00 Brussels: the day register
    const weekday = meter();
    hour(weekday, Date.parse('2026-12-24T10:00:00Z'));
    expect(weekday.registers().importT1Wh - 1_000_000).toBeGreaterThanOrEqual(1199);
    expect(weekday.registers().importT2Wh).toBe(2_000_000);
    // Christmas, a Friday, the same hour: the night register, the whole day
    const christmas = meter();
    hour(christmas, Date.parse('2026-12-25T10:00:00Z'));
    expect(christmas.registers().importT1Wh).toBe(1_000_000);
    expect(christmas.registers().importT2Wh - 2_000_000).toBeGreaterThanOrEqual(1199);
    expect(SimMeter.tariff(Date.parse('2026-12-25T10:00:00Z'))).toBe(2);
  });
});
