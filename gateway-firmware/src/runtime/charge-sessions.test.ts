import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChargerReading } from '../devices/readings';
import { ChargeSessions } from './charge-sessions';
import type { EventBody } from './event-sink';
import type { DeviceSample } from './site-data';

function sample(r: Partial<ChargerReading>): DeviceSample {
  return {
    config: {
      id: 'charger1',
      type: 'charger',
      driver: 'ilucharge',
      endpoint: { transport: 'tcp', host: 'x', port: 502 },
      unitId: 1,
    },
    link: 'online',
    status: 'Laden',
    readAt: 0,
    reading: {
      kind: 'charger',
      deviceState: 'operational',
      errorCode: null,
      cpState: 'C',
      sessionActive: true,
      enabled: true,
      powerW: 0,
      currentsA: [null, null, null],
      currentLimitA: 16,
      offeredCurrentA: 16,
      phases: 3,
      sessionEnergyWh: 0,
      energyTotalWh: 0,
      ...r,
    },
  };
}

describe('charge sessions', () => {
  it('reports start, energy every quarter-hour with the solar part, and stop, with the smart settings', () => {
    const events: EventBody[] = [];
    let now = 0;
    let surplus = 4000;
    const s = new ChargeSessions({ emit: (e) => events.push(e), now: () => now, surplusW: () => surplus });
    const smart = { gridSharePct: 20, guarantee: { energyWh: 10_000, by: '2024-06-12T15:00:00.000Z' } };
    s.expectStart('charger1', { sessionId: 'sess-1', mode: 'smart', userId: '7', smart });
    s.onReading(sample({ powerW: 0, sessionEnergyWh: 0 }));
    expect(events[0]).toEqual({
      type: 'charge.session.start',
      sessionId: 'sess-1',
      chargerId: 'charger1',
      mode: 'smart',
      userId: '7',
      ...smart,
    });
    expect(s.plan('charger1')).toEqual({
      sessionId: 'sess-1',
      mode: 'smart',
      gridSharePct: 20,
      guarantee: { energyWh: 10_000, byMs: Date.parse(smart.guarantee.by) },
    });
    // 8 kW with 4 kW of surplus: half of each poll's energy is solar
    now = 60_000;
    s.onReading(sample({ powerW: 8000, sessionEnergyWh: 1000 }));
    expect(events).toHaveLength(1);
    now = 15 * 60_000;
    surplus = 0;
    s.onReading(sample({ powerW: 8000, sessionEnergyWh: 2000 }));
    expect(events[1]).toMatchObject({
      type: 'charge.session.energy',
      energyWh: 2000,
      solarWh: 500,
      mode: 'smart',
    });
    // switched to fast from the app while it runs: reported at once, and the plan follows
    expect(s.change('charger1', { mode: 'fast' })?.sessionId).toBe('sess-1');
    expect(events[2]).toMatchObject({ type: 'charge.session.energy', mode: 'fast', energyWh: 2000 });
    expect(events[2]).not.toHaveProperty('gridSharePct');
    expect(s.plan('charger1')).toMatchObject({ mode: 'fast', guarantee: null });
    s.onReading(sample({ sessionActive: false, cpState: 'A', sessionEnergyWh: 0 }));
    expect(events[3]).toMatchObject({
      type: 'charge.session.stop',
      sessionId: 'sess-1',
      energyWh: 2000,
      solarWh: 500,
      reason: 'ev_disconnected',
    });
    expect(s.plan('charger1')).toBeNull();
  });

  it('a session started at the charger is fast, with its own id', () => {
    const events: EventBody[] = [];
    const s = new ChargeSessions({ emit: (e) => events.push(e), now: () => 0 });
    s.onReading(sample({}));
    expect(events[0]).toMatchObject({ type: 'charge.session.start', mode: 'fast' });
    expect(s.plan('charger1')).toMatchObject({ mode: 'fast', gridSharePct: 100, guarantee: null });
  });
});

describe('charge sessions across a gateway restart', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  /** A gateway's sessions on a data dir; a second call on the same dir is the gateway after a restart. */
  function boot(dir: string, now = () => 0) {
    const events: EventBody[] = [];
    const sessions = new ChargeSessions({ emit: (e) => events.push(e), now, dataDir: dir });
    return { sessions, events };
  }
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), 'sessions-'));
    dirs.push(d);
    return d;
  };
  const smart = { gridSharePct: 30 };

  it('goes on with the same session, mode and energy when the charger still charges it', () => {
    const dir = fresh();
    let now = 0;
    const before = boot(dir, () => now);
    before.sessions.expectStart('charger1', { sessionId: 'app-1', mode: 'smart', userId: '7', smart });
    before.sessions.onReading(sample({ sessionEnergyWh: 0 }));
    now = 15 * 60_000;
    before.sessions.onReading(sample({ powerW: 7000, sessionEnergyWh: 1750 }));
    expect(before.events.map((e) => e.type)).toEqual(['charge.session.start', 'charge.session.energy']);

    const after = boot(dir, () => now);
    expect(after.sessions.plan('charger1')).toMatchObject({
      sessionId: 'app-1',
      mode: 'smart',
      gridSharePct: 30,
    });
    now += 60_000;
    after.sessions.onReading(sample({ powerW: 7000, sessionEnergyWh: 1900 }));
    // no second start: the same session goes on
    expect(after.events).toEqual([]);
    after.sessions.onReading(sample({ sessionActive: false, cpState: 'A', sessionEnergyWh: 0 }));
    expect(after.events).toEqual([
      expect.objectContaining({
        type: 'charge.session.stop',
        sessionId: 'app-1',
        mode: 'smart',
        userId: '7',
        energyWh: 1900,
        reason: 'ev_disconnected',
      }),
    ]);
    // and once stopped, a third boot has nothing open
    expect(boot(dir).sessions.plan('charger1')).toBeNull();
  });

  it('stops a session that ended while the gateway was away, as the charger says', () => {
    const dir = fresh();
    boot(dir).sessions.onReading(sample({ sessionEnergyWh: 0 }));
    const after = boot(dir);
    after.sessions.onReading(sample({ sessionActive: false, cpState: 'A', sessionEnergyWh: 0 }));
    expect(after.events).toEqual([
      expect.objectContaining({ type: 'charge.session.stop', reason: 'ev_disconnected' }),
    ]);
  });

  it('a lower count on the charger is another session: the old one ends as interrupted, the new one starts', () => {
    const dir = fresh();
    let now = 0;
    const before = boot(dir, () => now);
    before.sessions.onReading(sample({ sessionEnergyWh: 0 }));
    now = 15 * 60_000;
    before.sessions.onReading(sample({ sessionEnergyWh: 5000 }));
    const old = before.sessions.current('charger1')!.sessionId;
    const after = boot(dir, () => now);
    after.sessions.onReading(sample({ sessionEnergyWh: 300 }));
    expect(after.events).toEqual([
      expect.objectContaining({
        type: 'charge.session.stop',
        sessionId: old,
        energyWh: 5000,
        reason: 'interrupted',
      }),
      expect.objectContaining({ type: 'charge.session.start', mode: 'fast' }),
    ]);
    expect(after.sessions.current('charger1')?.sessionId).not.toBe(old);
  });

  it('a start the platform asked for before the restart still gets its id', () => {
    const dir = fresh();
    boot(dir).sessions.expectStart('charger1', { sessionId: 'app-2', mode: 'fast', userId: '9' });
    const after = boot(dir);
    after.sessions.onReading(sample({ sessionEnergyWh: 0 }));
    expect(after.events[0]).toMatchObject({ type: 'charge.session.start', sessionId: 'app-2', userId: '9' });
  });

  it('a damaged file forgets the sessions instead of stopping the gateway', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'charge-sessions.json'), '{"v":1,"open":');
    const after = boot(dir);
    after.sessions.onReading(sample({ sessionEnergyWh: 0 }));
    expect(after.events[0]).toMatchObject({ type: 'charge.session.start' });
  });
});
