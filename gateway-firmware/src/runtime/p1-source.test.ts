import { describe, expect, it } from 'vitest';
import { MemoryP1Port } from '../sim/site/memory-p1-port';
import { SimMeter } from '../sim/site/sim-meter';
import { ManualClock } from './clock';
import type { EventBody } from './event-sink';
import { silentLogger } from './logger';
import { P1Source, PEAK_HISTORY_EVERY_MS } from './p1-source';
import { SiteData } from './site-data';

const T = Date.parse('2024-06-12T10:15:00Z');

async function setup() {
  const clock = new ManualClock(T - 10_000);
  const port = new MemoryP1Port(64);
  const site = new SiteData();
  const events: EventBody[] = [];
  const source = new P1Source({
    open: port.open,
    clock,
    logger: silentLogger(),
    site,
    emit: (e) => events.push(e),
    errorSummaryMs: 60_000,
    staleAfterMs: 30_000,
  });
  source.start();
  await clock.advance(0);
  const meter = new SimMeter({ seed: 1, phases: 1, serial: '1SIM', ean: '541448800000000001' });
  const send = (at: number, w: number) => {
    meter.integrate(at - 1000, 1000, w);
    port.write(meter.telegram(at));
  };
  return { clock, port, site, events, source, send, meter };
}

describe('P1Source', () => {
  it('gives the energy boundary its own telegram even when newer ones arrived first', async () => {
    const { source, send, site } = await setup();
    send(T - 1000, 1000);
    send(T, 1000);
    send(T + 1000, 1000);
    send(T + 2000, 1000);
    const s = await source.readingAtOrAfter(T, 10_000);
    expect(s?.meterAt).toBe(T);
    expect(site.p1?.meterAt).toBe(T + 2000);
    expect(site.p1IntervalMs).toBe(1000);
  });

  it('still has the boundary telegram after a burst of two minutes of newer ones (a stalled event loop)', async () => {
    const { source, send } = await setup();
    for (let t = T - 5000; t <= T + 120_000; t += 1000) {
      send(t, 800);
      if (t % 20_000 === 0) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setImmediate(r));
    expect(source.receivedAtOrAfter(T)?.meterAt).toBe(T);
    expect(source.receivedAtOrAfter(T + 1)?.meterAt, 'between boundaries: the recent ones').toBe(T + 89_000);
    expect(source.receivedAtOrAfter(T + 200_000)).toBeNull();
  });

  it('waits for the boundary telegram, or gives up after its timeout on the clock', async () => {
    const { source, send, clock } = await setup();
    send(T - 1000, 500);
    const waiting = source.readingAtOrAfter(T, 10_000);
    send(T, 500);
    expect((await waiting)?.meterAt).toBe(T);
    const never = source.readingAtOrAfter(T + 60_000, 10_000);
    await clock.advance(10_000);
    expect(await never).toBeNull();
  });

  it('sums refusals into one p1.error per code and reports the meter OK / Fout as telegrams come and go', async () => {
    const { source, send, port, events, clock } = await setup();
    send(T - 9000, 700);
    port.write('/FLU5\\253769484_A\r\n\r\n1-0:1.8.1(000001.000*kWh)\r\n!0000\r\n');
    port.write('/FLU5\\253769484_A\r\n\r\n1-0:1.8.1(000001.000*kWh)\r\n!0000\r\n');
    port.write('garbage');
    await clock.advanceTo(Date.parse('2024-06-12T10:16:00Z'));
    const p1Errors = events.filter((e) => e.type === 'p1.error');
    expect(p1Errors).toContainEqual(expect.objectContaining({ code: 'crc_mismatch', count: 2 }));
    expect(events.filter((e) => e.type === 'device.status').map((e) => (e as { to: string }).to)).toEqual([
      'OK',
      'Fout',
    ]);
    expect(source.stats()).toMatchObject({ good: 1, badCrc: 2 });
    send(Date.parse('2024-06-12T10:16:01Z'), 700);
    expect(events.filter((e) => e.type === 'device.status').map((e) => (e as { to: string }).to)).toEqual([
      'OK',
      'Fout',
      'OK',
    ]);
    await source.stop();
  });

  it('sends the meter peak history once at start, not with every telegram, and again after a day', async () => {
    const { send, events, meter, clock } = await setup();
    meter.restore({
      ...meter.state(),
      month: '2024-06',
      history: [
        { periodEnd: Date.parse('2024-04-30T22:00:00Z'), at: Date.parse('2024-04-10T17:15:00Z'), w: 6200 },
        { periodEnd: Date.parse('2024-05-31T22:00:00Z'), at: Date.parse('2024-05-03T18:00:00Z'), w: 4100 },
      ],
    });
    const histories = () => events.filter((e) => e.type === 'meter.peakHistory');
    for (let t = T - 5000; t <= T; t += 1000) send(t, 700);
    await new Promise((r) => setImmediate(r));
    expect(histories()).toEqual([
      {
        type: 'meter.peakHistory',
        months: [
          { month: '2024-04', w: 6200, at: '2024-04-10T17:15:00.000Z' },
          { month: '2024-05', w: 4100, at: '2024-05-03T18:00:00.000Z' },
        ],
      },
    ]);
    await clock.advance(PEAK_HISTORY_EVERY_MS);
    send(T + PEAK_HISTORY_EVERY_MS, 700);
    await new Promise((r) => setImmediate(r));
    expect(histories()).toHaveLength(2);
  });
});
