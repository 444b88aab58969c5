import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { quarterStartsOfDay } from '@ilumen/energy';
import {
  chargeTimersControllerSchema,
  chargingControllerSchema,
  type EventPayload,
} from '@ilumen/mqtt-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeQuarters } from '../energy/store';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../testing';
import { loadChargeExport } from './charge-export';
import { writeChargeSessionsCsv } from './charge-export-csv';
import { recordChargeSessionEvents } from './charge-sessions';

let h: ServiceHarness;
let world: World;
let gatewayId: number;

beforeAll(async () => {
  h = await createServiceHarness('modules', {
    broker: true,
  });
  world = await createWorld(h.services);
  h.clock.set('2026-11-20T10:00:00Z');
  const gw = await h.testDb.db
    .insertInto('gateways')
    .values({
      serial: 'ILS-MOD00001',
      site_id: world.sites.siteA,
      organization_id: world.orgs.instA,
      online: true,
    })
    .executeTakeFirstOrThrow();
  gatewayId = Number(gw.insertId);
  // tariffs per day: 0.30 €/kWh from October, 0.25 from 15 November
  await h.testDb.db
    .insertInto('tariffs')
    .values([
      {
        site_id: world.sites.siteA,
        effective_from: '2026-10-01',
        import_eur_per_kwh: '0.30000',
        export_eur_per_kwh: '0.05000',
      },
      {
        site_id: world.sites.siteA,
        effective_from: '2026-11-15',
        import_eur_per_kwh: '0.25000',
        export_eur_per_kwh: '0.04000',
      },
    ])
    .execute();
});
afterAll(async () => {
  await h.close();
});

const base = (ts: string) => ({ v: 1 as const, id: randomUUID(), ts });
function session(
  uid: string,
  events: Array<{ type: 'start' | 'energy' | 'stop'; ts: string; energyWh?: number; solarWh?: number }>,
  extra: Partial<{ userId: string; mode: 'fast' | 'smart'; chargerId: string }> = {},
): EventPayload[] {
  return events.map((e) => ({
    ...base(e.ts),
    type: `charge.session.${e.type}`,
    sessionId: uid,
    chargerId: extra.chargerId ?? 'charger1',
    mode: extra.mode ?? 'fast',
    ...(extra.userId ? { userId: extra.userId } : {}),
    ...(e.type === 'start'
      ? {}
      : { energyWh: e.energyWh ?? 0, ...(e.solarWh !== undefined ? { solarWh: e.solarWh } : {}) }),
    ...(e.type === 'stop' ? { reason: 'ev_disconnected' } : {}),
  })) as EventPayload[];
}
const record = (events: EventPayload[]) =>
  h.testDb.db.transaction().execute((trx) =>
    recordChargeSessionEvents(
      trx,
      events.map((event) => ({ siteId: world.sites.siteA, gatewayId, event })),
    ),
  );
const rowOf = (uid: string) =>
  h.testDb.db
    .selectFrom('charge_sessions')
    .selectAll()
    .where('session_uid', '=', uid)
    .executeTakeFirstOrThrow();

describe('charge sessions from gateway events', () => {
  it('stores start, energy and stop with the cost at the price of each quarter it ran in', async () => {
    // started 14 November 23:30 Brussels (0.30 €), ended the 15th 06:10 (0.25 €): 400 minutes, 30 of them on the
    // 14th, so 12,345 Wh × 30/400 = 925.875 Wh at 0.30 and the rest at 0.25 = 0.2778 + 2.8548 = €3.13
    await record(
      session(
        's-cost',
        [
          { type: 'start', ts: '2026-11-14T22:30:00.000Z' },
          { type: 'energy', ts: '2026-11-14T22:45:00.000Z', energyWh: 2000, solarWh: 0 },
          { type: 'stop', ts: '2026-11-15T05:10:00.000Z', energyWh: 12_345, solarWh: 0 },
        ],
        { userId: String(world.users.ownerA) },
      ),
    );
    const row = await rowOf('s-cost');
    expect(row).toMatchObject({
      device_id: world.devices.chargerA,
      user_id: world.users.ownerA,
      mode: 'fast',
      energy_wh: 12_345,
      stop_reason: 'ev_disconnected',
      tariff_eur_per_kwh: '0.25375',
      cost_eur: '3.13',
    });
    expect(row.started_at.toISOString()).toBe('2026-11-14T22:30:00.000Z');
    expect(row.ended_at?.toISOString()).toBe('2026-11-15T05:10:00.000Z');
  });

  it('takes events in any order and twice, and keeps only users of the site; solar energy costs what it would have earned', async () => {
    const events = session(
      's-order',
      [
        { type: 'start', ts: '2026-11-16T07:00:00.000Z' },
        { type: 'energy', ts: '2026-11-16T08:00:00.000Z', energyWh: 5000, solarWh: 4000 },
        { type: 'stop', ts: '2026-11-16T09:00:00.000Z', energyWh: 8000, solarWh: 6500 },
      ],
      { userId: String(world.users.ownerB), mode: 'smart' },
    );
    await record([events[2]!, events[1]!]);
    await record([events[0]!, events[1]!, events[2]!]);
    const row = await rowOf('s-order');
    expect(row).toMatchObject({
      energy_wh: 8000,
      solar_wh: 6500,
      mode: 'smart',
      user_id: null,
      // 16 November: 1,5 kWh from the grid at 0,25 € plus 6,5 kWh of sun at the 0,04 € it would have earned
      // injected (0,635 €), not all 8 kWh at the grid's 0,25 € (2,00 €)
      tariff_eur_per_kwh: '0.25000',
      cost_eur: '0.64',
    });
    expect(row.started_at.toISOString()).toBe('2026-11-16T07:00:00.000Z');
    expect(
      await h.testDb.db
        .selectFrom('charge_sessions')
        .select('id')
        .where('session_uid', '=', 's-order')
        .execute(),
    ).toHaveLength(1);
  });

  it('a mode change while the session runs is followed, a late event after the stop is not', async () => {
    await record(session('s-mode', [{ type: 'start', ts: '2026-11-17T07:00:00.000Z' }], { mode: 'fast' }));
    await record(
      session('s-mode', [{ type: 'energy', ts: '2026-11-17T07:15:00.000Z', energyWh: 100 }], {
        mode: 'smart',
      }),
    );
    expect((await rowOf('s-mode')).mode).toBe('smart');
    await record(
      session('s-mode', [{ type: 'stop', ts: '2026-11-17T08:00:00.000Z', energyWh: 900 }], { mode: 'smart' }),
    );
    await record(
      session('s-mode', [{ type: 'energy', ts: '2026-11-17T07:30:00.000Z', energyWh: 400 }], {
        mode: 'fast',
      }),
    );
    expect(await rowOf('s-mode')).toMatchObject({ mode: 'smart', energy_wh: 900 });
  });

  it('a session a gateway lost ends as interrupted where the next one on that charger starts; its own stop still wins', async () => {
    const other = { chargerId: 'laadpaal-garage' };
    await record(
      session(
        's-lost',
        [
          { type: 'start', ts: '2026-10-05T18:00:00.000Z' },
          { type: 'energy', ts: '2026-10-05T18:15:00.000Z', energyWh: 2000 },
        ],
        other,
      ),
    );
    await record(
      session('s-other-charger', [{ type: 'start', ts: '2026-10-05T18:30:00.000Z' }], {
        chargerId: 'laadpaal-oprit',
      }),
    );
    // another charger's session leaves it open
    expect((await rowOf('s-lost')).ended_at).toBeNull();
    await record(session('s-next', [{ type: 'start', ts: '2026-10-05T21:00:00.000Z' }], other));
    const lost = await rowOf('s-lost');
    expect(lost).toMatchObject({ stop_reason: 'interrupted', energy_wh: 2000, cost_eur: '0.60' });
    expect(lost.ended_at?.toISOString()).toBe('2026-10-05T21:00:00.000Z');
    expect((await rowOf('s-next')).ended_at).toBeNull();
    // energy it reported before it was lost, arriving late (an outbox replay), is counted and priced
    await record(
      session('s-lost', [{ type: 'energy', ts: '2026-10-05T18:45:00.000Z', energyWh: 2500 }], other),
    );
    expect(await rowOf('s-lost')).toMatchObject({
      stop_reason: 'interrupted',
      energy_wh: 2500,
      cost_eur: '0.75',
    });
    // while a session charges it has no price yet
    expect(await rowOf('s-next')).toMatchObject({ cost_eur: null });
    // a replayed start of the lost session ends nothing that came after it
    await record(session('s-lost', [{ type: 'start', ts: '2026-10-05T18:00:00.000Z' }], other));
    expect((await rowOf('s-next')).ended_at).toBeNull();
    // its real stop arriving late (an outbox replay) puts the real end, energy and reason in place
    await record(
      session('s-lost', [{ type: 'stop', ts: '2026-10-05T20:00:00.000Z', energyWh: 3000 }], other),
    );
    const real = await rowOf('s-lost');
    expect(real).toMatchObject({ stop_reason: 'ev_disconnected', energy_wh: 3000, cost_eur: '0.90' });
    expect(real.ended_at?.toISOString()).toBe('2026-10-05T20:00:00.000Z');
  });
});

describe("a session's day and night", () => {
  it("follow the registers the home's meter counted on, not the clock", async () => {
    const siteId = world.sites.siteA2;
    await h.testDb.db
      .insertInto('supply_contracts')
      .values({
        site_id: siteId,
        effective_from: '2026-10-01',
        kind: 'dayNight',
        terms: JSON.stringify({
          fixedEurPerYear: '0',
          dayEurPerKwh: '0.30000',
          nightEurPerKwh: '0.20000',
          exportEurPerKwh: '0.04000',
        }),
        created_by_user_id: null,
      })
      .execute();
    // Tuesday 10 November 2026 in a municipality whose night starts at 21:00: Fluvius booked 20:30 and 20:45 Brussels
    // on the day register, 21:00 and 21:15 on the night register (decision 300).
    await h.testDb.db.transaction().execute((trx) =>
      writeQuarters(
        trx,
        (
          [
            ['2026-11-10T19:30:00Z', 0],
            ['2026-11-10T19:45:00Z', 0],
            ['2026-11-10T20:00:00Z', 800],
            ['2026-11-10T20:15:00Z', 800],
          ] as const
        ).map(([ts, nightWh]) => ({
          source: 'fluvius' as const,
          siteId,
          ts: new Date(ts),
          importWh: 800,
          importNightWh: nightWh,
          exportWh: 0,
          state: 'VAL' as const,
        })),
      ),
    );
    await h.testDb.db.transaction().execute((trx) =>
      recordChargeSessionEvents(
        trx,
        session('s-registers', [
          { type: 'start', ts: '2026-11-10T19:30:00.000Z' },
          { type: 'stop', ts: '2026-11-10T20:30:00.000Z', energyWh: 2000, solarWh: 0 },
        ]).map((event) => ({ siteId, gatewayId, event })),
      ),
    );
    // 500 Wh a quarter: 1 kWh on day × €0.30 + 1 kWh on night × €0.20 = €0.50 (the clock alone: 2 kWh on day, €0.60)
    expect(await rowOf('s-registers')).toMatchObject({ cost_eur: '0.50', tariff_eur_per_kwh: '0.25000' });
  });
});

/** Reads a stream to the end. */
async function collect(run: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await run(out);
  return Buffer.concat(chunks);
}

describe('charge session exports', () => {
  beforeAll(async () => {
    // a member with a formula for a name, and a session of the chargers-only member
    await h.testDb.db
      .updateTable('users')
      .set({ name: '=HYPERLINK("http://evil.example";"klik")' })
      .where('id', '=', world.users.memberAll)
      .execute();
    await record(
      session(
        's-evil',
        [
          { type: 'start', ts: '2026-11-18T17:00:00.000Z' },
          { type: 'stop', ts: '2026-11-18T19:31:00.000Z', energyWh: 7005, solarWh: 5 },
        ],
        { userId: String(world.users.memberAll), mode: 'smart' },
      ),
    );
    await record(
      session(
        's-laadpaal',
        [
          { type: 'start', ts: '2026-11-19T06:00:00.000Z' },
          { type: 'stop', ts: '2026-11-19T07:00:00.000Z', energyWh: 3000 },
        ],
        { userId: String(world.users.memberChargers) },
      ),
    );
  });

  it('requests are for the right people: owner per address, chargers-only members their own sessions', async () => {
    const owner = await world.actor(world.users.ownerA);
    const all = await world.actor(world.users.memberAll);
    const chargers = await world.actor(world.users.memberChargers);
    const stranger = await world.actor(world.users.ownerB);
    await expect(
      h.services.chargeExports.requestSite(all, {
        siteId: world.sites.siteA,
        from: '2026-11-01',
        to: '2026-11-30',
      }),
    ).rejects.toMatchObject({ code: 'forbidden', messageKey: 'modules.export.ownerOnly' });
    await expect(
      h.services.chargeExports.requestSite(chargers, {
        siteId: world.sites.siteA,
        from: '2026-11-01',
        to: '2026-11-30',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      h.services.chargeExports.requestSite(stranger, { siteId: world.sites.siteA }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      h.services.chargeExports.requestCharger(stranger, { deviceId: world.devices.chargerA }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(h.services.chargeExports.requestOwner(all, {})).rejects.toMatchObject({
      messageKey: 'modules.export.noOwnedSites',
    });
    await expect(
      h.services.chargeExports.requestSite(owner, {
        siteId: world.sites.siteA,
        from: '2026-11-30',
        to: '2026-11-01',
      }),
    ).rejects.toMatchObject({ fieldErrors: { to: { key: 'modules.export.periodOrder' } } });
    const mine = await h.services.chargeExports.requestCharger(chargers, {
      deviceId: world.devices.chargerA,
    });
    const row = await h.testDb.db
      .selectFrom('charge_exports')
      .selectAll()
      .where('id', '=', mine.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      scope: 'charger',
      own_only: true,
      from_day: '2026-11-19',
      to_day: '2026-11-20',
    });
    const csv = (await collect((out) => writeChargeSessionsCsv(h.testDb.db, row, out))).toString('utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv).toContain('3,000');
    const jobs = await h.jobs.raw('exports').getJob(`charge-export-${mine.id}`);
    expect(jobs?.data).toEqual({ exportId: mine.id });
  });

  it('the file opens right in Excel in Belgium: BOM, semicolons, decimal commas, dd/mm/yyyy, no formulas, period filter', async () => {
    const owner = await world.actor(world.users.ownerA);
    const req = await h.services.chargeExports.requestSite(owner, {
      siteId: world.sites.siteA,
      from: '2026-11-15',
      to: '2026-11-18',
    });
    const loaded = (await loadChargeExport(h.testDb.db, req.id))!;
    expect(loaded.params).toMatchObject({
      scope: 'site',
      address: 'Kerkstraat 1, 9000 Gent',
      from: '2026-11-15',
      to: '2026-11-18',
    });
    const buf = await collect((out) => writeChargeSessionsCsv(h.testDb.db, loaded.row, out));
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = buf.toString('utf8').slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(
      'Adres;Laadpaal;Start;Einde;Duur (min);Energie (kWh);Waarvan zonne-energie (kWh);Modus;Gebruiker;Tarief (€/kWh);Kost (€);Einde door',
    );
    const rows = lines.slice(1, -1);
    // s-cost starts on the 14th (outside), s-order on the 16th, s-mode on the 17th, s-evil on the 18th (the last day, included)
    expect(rows).toHaveLength(3);
    expect(rows[0]).toBe(
      'Kerkstraat 1, 9000 Gent;Model charger ILC-A-0001;16/11/2026 08:00;16/11/2026 10:00;120;8,000;6,500;Slim laden;aan de laadpaal;0,25000;0,64;wagen losgekoppeld',
    );
    // a formula in a name is shown as text, quoted because of its ";"
    expect(rows[2]).toContain(`;"'=HYPERLINK(""http://evil.example"";""klik"")";`);
    expect(rows[2]).toContain(';18/11/2026 18:00;18/11/2026 20:31;151;7,005;0,005;Slim laden;');
  });

  it('per owner across all addresses, with French headers for a French reader', async () => {
    await h.testDb.db
      .updateTable('users')
      .set({ locale: 'fr' })
      .where('id', '=', world.users.ownerA)
      .execute();
    const owner = await world.actor(world.users.ownerA);
    const req = await h.services.chargeExports.requestOwner(owner, { from: '2026-11-01', to: '2026-11-30' });
    const loaded = (await loadChargeExport(h.testDb.db, req.id))!;
    expect(loaded.row.locale).toBe('fr');
    expect(loaded.params).toMatchObject({ scope: 'owner', siteCount: 1 });
    const csv = (await collect((out) => writeChargeSessionsCsv(h.testDb.db, loaded.row, out))).toString(
      'utf8',
    );
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFAdresse;Borne;Début;Fin;/);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1 + 5);
    await h.testDb.db
      .updateTable('users')
      .set({ locale: 'nl' })
      .where('id', '=', world.users.ownerA)
      .execute();
  });
});

describe('chargers: detail, commands and settings', () => {
  it('a start becomes charge.start with the smart settings; km by HH:MM becomes Wh by an instant', async () => {
    const owner = await world.actor(world.users.ownerA);
    await h.services.charging.saveSettings(owner, {
      deviceId: world.devices.chargerA,
      consumptionKwhPer100km: '18,5',
    });
    h.clock.set('2026-11-20T16:30:00Z'); // 17:30 in Brussels: 07:30 is tomorrow
    const sent = await h.services.charging.start(owner, {
      deviceId: world.devices.chargerA,
      mode: 'smart',
      ecoLevel: '80',
      rangeKm: '100',
      byTime: '07:30',
    });
    expect(sent.guarantee).toEqual({ energyWh: 18_500, by: '2026-11-21T06:30:00.000Z' });
    const cmd = await h.testDb.db
      .selectFrom('commands')
      .select(['name', 'args', 'issued_by_user_id'])
      .where('id', '=', sent.id)
      .executeTakeFirstOrThrow();
    expect(typeof cmd.args === 'string' ? JSON.parse(cmd.args) : cmd.args).toEqual({
      chargerId: 'charger1',
      mode: 'smart',
      userId: String(world.users.ownerA),
      smart: { gridSharePct: 20, guarantee: sent.guarantee },
    });
    await expect(
      h.services.charging.start(owner, { deviceId: world.devices.chargerA, mode: 'smart', rangeKm: '100' }),
    ).rejects.toMatchObject({ fieldErrors: { byTime: { key: 'modules.charge.rangeNeedsTime' } } });
    const detail = await h.services.charging.detail(owner, { deviceId: world.devices.chargerA });
    expect(detail.lastCommand).toMatchObject({ id: sent.id, name: 'charge.start', status: 'sent' });
    expect(detail.consumptionKwhPer100km).toBe(18.5);
    // a stop a moment later is what the page shows from then on
    h.clock.advance(1);
    const stop = await h.services.charging.stop(owner, { deviceId: world.devices.chargerA });
    const again = await h.services.charging.detail(owner, { deviceId: world.devices.chargerA });
    expect(again.lastCommand).toMatchObject({ id: stop.id, name: 'charge.stop' });
  });

  it('a command to an offline gateway expires, and the page says so', async () => {
    await h.testDb.db.updateTable('gateways').set({ online: false }).where('id', '=', gatewayId).execute();
    const member = await world.actor(world.users.memberChargers);
    h.clock.set('2026-11-20T17:00:00Z');
    const sent = await h.services.charging.stop(member, { deviceId: world.devices.chargerA });
    expect(sent.gatewayOnline).toBe(false);
    h.clock.advance(121_000);
    const detail = await h.services.charging.detail(member, { deviceId: world.devices.chargerA });
    expect(detail.lastCommand).toMatchObject({
      id: sent.id,
      name: 'charge.stop',
      status: 'expired',
      errorCode: 'expired',
    });
    expect(detail.gateway).toMatchObject({ online: false });
    // the chargers-only member sees their own sessions only
    expect(detail.ownOnly).toBe(true);
    expect(detail.sessions.map((s) => s.mine)).toEqual([true]);
    await h.testDb.db.updateTable('gateways').set({ online: true }).where('id', '=', gatewayId).execute();
  });

  it("a gateway's refusal reaches the page as its code, never its English text, and goes once the charger's state changes", async () => {
    const owner = await world.actor(world.users.ownerA);
    h.clock.set('2026-11-21T08:00:00Z');
    const sent = await h.services.charging.stop(owner, { deviceId: world.devices.chargerA });
    await h.testDb.db
      .updateTable('commands')
      .set({
        status: 'failed',
        error_code: 'not_found',
        error_message: 'no charger charger1 on this gateway',
        finished_at: new Date('2026-11-21T08:00:01Z'),
      })
      .where('id', '=', sent.id)
      .execute();
    await h.testDb.db
      .updateTable('devices')
      .set({ status: 'Standby', status_changed_at: new Date('2026-11-21T07:00:00Z') })
      .where('id', '=', world.devices.chargerA)
      .execute();
    h.clock.advance(5_000);
    const detail = await h.services.charging.detail(owner, { deviceId: world.devices.chargerA });
    expect(detail.lastCommand).toMatchObject({ id: sent.id, status: 'failed', errorCode: 'not_found' });
    expect(JSON.stringify(detail)).not.toContain('no charger charger1');
    // the charger changed state after the refusal: the refusal is old news
    await h.testDb.db
      .updateTable('devices')
      .set({ status: 'EV geconnecteerd', status_changed_at: new Date('2026-11-21T08:00:03Z') })
      .where('id', '=', world.devices.chargerA)
      .execute();
    const later = await h.services.charging.detail(owner, { deviceId: world.devices.chargerA });
    expect(later.lastCommand).toBeNull();
  });

  it("only the site's people see a charger; a chargers-only member may operate it, support only read", async () => {
    const stranger = await world.actor(world.users.ownerB);
    await expect(
      h.services.charging.detail(stranger, { deviceId: world.devices.chargerA }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      h.services.charging.start(stranger, { deviceId: world.devices.chargerA, mode: 'fast' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const owner = await world.actor(world.users.ownerA);
    await expect(
      h.services.charging.detail(owner, { deviceId: world.devices.batteryA }),
    ).rejects.toMatchObject({ code: 'not_found' });
    // Support sees the charger in the console, but its sessions only through the audited support view.
    const support = await world.actor(world.users.support);
    await expect(
      h.services.charging.detail(support, { deviceId: world.devices.chargerA }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const readOnly = { ...support, readOnly: true };
    expect(
      (await h.services.charging.detail(readOnly, { deviceId: world.devices.chargerA })).canOperate,
    ).toBe(false);
    await expect(
      h.services.charging.start(readOnly, { deviceId: world.devices.chargerA, mode: 'fast' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('charts the energy charged per day of a week', async () => {
    const owner = await world.actor(world.users.ownerA);
    const chart = await h.services.charging.chart(owner, {
      deviceId: world.devices.chargerA,
      period: 'week',
      date: '2026-11-18',
    });
    expect(chart.buckets).toHaveLength(7);
    // Monday 16 to Sunday 22 November
    expect(chart.buckets.map((b) => b.energyWh)).toEqual([8000, 900, 7005, 3000, 0, 0, 0]);
    expect(chart.totals).toMatchObject({ energyWh: 18_905, sessions: 4, km: Math.round(18_905 / 185) });
    const member = await world.actor(world.users.memberChargers);
    expect(
      (
        await h.services.charging.chart(member, {
          deviceId: world.devices.chargerA,
          period: 'week',
          date: '2026-11-18',
        })
      ).totals.energyWh,
    ).toBe(3000);
  });

  it('the gateway section for chargers fits the contract', async () => {
    const status = await h.services.gatewayConfig.publishForSite(world.system, world.sites.siteA);
    expect(status?.version).toBeGreaterThan(0);
    const cfg = await h.testDb.db
      .selectFrom('gateway_configs')
      .select('config')
      .where('gateway_id', '=', gatewayId)
      .executeTakeFirstOrThrow();
    const body = typeof cfg.config === 'string' ? JSON.parse(cfg.config) : cfg.config;
    expect(chargingControllerSchema.parse(body.controllers.charging).chargers).toEqual({
      charger1: { whPerKm: 185 },
    });
  });
});

describe('charge timers', () => {
  it('the owner adds timers per battery; overlaps and equal hours are refused; the gateway gets them', async () => {
    const owner = await world.actor(world.users.ownerA);
    const siteId = world.sites.siteA;
    const battery = world.devices.batteryA;
    await h.services.chargeTimers.add(owner, {
      siteId,
      deviceId: battery,
      startHour: '22',
      endHour: '2',
      powerW: '3000',
    });
    await expect(
      h.services.chargeTimers.add(owner, {
        siteId,
        deviceId: battery,
        startHour: '1',
        endHour: '4',
        powerW: '2000',
      }),
    ).rejects.toMatchObject({
      fieldErrors: { startHour: { key: 'modules.timers.overlap', params: { span: '22:00 – 02:00' } } },
    });
    await expect(
      h.services.chargeTimers.add(owner, {
        siteId,
        deviceId: battery,
        startHour: '5',
        endHour: '5',
        powerW: '2000',
      }),
    ).rejects.toMatchObject({ fieldErrors: { endHour: { key: 'modules.timers.sameHour' } } });
    await h.services.chargeTimers.add(owner, {
      siteId,
      deviceId: battery,
      startHour: '2',
      endHour: '5',
      powerW: '2500',
    });
    await expect(
      h.services.chargeTimers.add(owner, {
        siteId,
        deviceId: world.devices.batteryB,
        startHour: '10',
        endHour: '11',
        powerW: '2500',
      }),
    ).rejects.toMatchObject({ fieldErrors: { deviceId: { key: 'modules.timers.noBattery' } } });
    const all = await world.actor(world.users.memberAll);
    await expect(
      h.services.chargeTimers.add(all, {
        siteId,
        deviceId: battery,
        startHour: '12',
        endHour: '13',
        powerW: '1000',
      }),
    ).rejects.toMatchObject({ messageKey: 'modules.timers.ownerOnly' });
    const list = await h.services.chargeTimers.list(all, { siteId });
    expect(list.canEdit).toBe(false);
    expect(list.timers.map((t) => [t.startHour, t.endHour, t.powerW, t.pastMidnight])).toEqual([
      [2, 5, 2500, false],
      [22, 2, 3000, true],
    ]);
    const cfg = await h.testDb.db
      .selectFrom('gateway_configs')
      .select('config')
      .where('gateway_id', '=', gatewayId)
      .executeTakeFirstOrThrow();
    const body = typeof cfg.config === 'string' ? JSON.parse(cfg.config) : cfg.config;
    expect(chargeTimersControllerSchema.parse(body.controllers.chargeTimers).timers).toEqual([
      { batteryId: 'bat1', startHour: 2, endHour: 5, powerW: 2500 },
      { batteryId: 'bat1', startHour: 22, endHour: 2, powerW: 3000 },
    ]);
    await h.services.chargeTimers.remove(owner, { siteId, timerId: list.timers[0]!.id });
    await expect(
      h.services.chargeTimers.remove(owner, { siteId, timerId: list.timers[0]!.id }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const chargersOnly = await world.actor(world.users.memberChargers);
    await expect(h.services.chargeTimers.list(chargersOnly, { siteId })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});

describe('what the timers page says of the gateway', () => {
  it('does not say "applied" while the gateway has never reported the battery; says it follows them once it has', async () => {
    const owner = await world.actor(world.users.ownerA);
    const siteId = world.sites.siteA;
    const db = h.testDb.db;
    const setGateway = async (online: boolean, acked: 'same' | 'older', ok = true) => {
      await db.updateTable('gateways').set({ online }).where('id', '=', gatewayId).execute();
      const c = await db
        .selectFrom('gateway_configs')
        .select('version')
        .where('gateway_id', '=', gatewayId)
        .executeTakeFirstOrThrow();
      await db
        .updateTable('gateway_configs')
        .set({ acked_version: acked === 'same' ? c.version : c.version - 1, ack_ok: ok })
        .where('gateway_id', '=', gatewayId)
        .execute();
    };
    const battery = (status: string | null) =>
      db.updateTable('devices').set({ status }).where('id', '=', world.devices.batteryA).execute();
    const execution = async () => (await h.services.chargeTimers.list(owner, { siteId })).execution;
    const before = await h.services.chargeTimers.list(owner, { siteId });
    if (before.timers.length === 0)
      await h.services.chargeTimers.add(owner, {
        siteId,
        deviceId: world.devices.batteryA,
        startHour: '13',
        endHour: '14',
        powerW: '1000',
      });

    // configuration applied, but the gateway never reported an iLubat: the timers do nothing
    await setGateway(true, 'same');
    await battery(null);
    expect(await execution()).toBe('noBattery');
    await battery('Fout');
    expect(await execution()).toBe('batteryFault');
    await battery('Standby');
    expect(await execution()).toBe('following');
    await setGateway(true, 'older');
    expect(await execution()).toBe('pending');
    await setGateway(true, 'same', false);
    expect(await execution()).toBe('refused');
    await setGateway(false, 'same');
    expect(await execution()).toBe('offline');
    await setGateway(true, 'same');
  });
});

describe('iLubat and iLuheat pages', () => {
  it("a day of SoC with the energy stored and its saving, week bars, the boiler's consumption and temperature, read under the devices' own keys", async () => {
    const siteId = world.sites.siteA;
    const day = '2026-11-10';
    // the site's devices are known by their keys (decision 071), not by a fixed name per type
    const boiler = await h.services.devices.create(world.system, {
      siteId,
      type: 'heat',
      model: 'Model heat',
      serial: 'ILH-A-0001',
    });
    const keyOf = async (deviceId: number) =>
      (
        await h.testDb.db
          .selectFrom('devices')
          .select('device_key')
          .where('id', '=', deviceId)
          .executeTakeFirstOrThrow()
      ).device_key;
    const batteryKey = await keyOf(world.devices.batteryA);
    const heatKey = await keyOf(boiler.id);
    expect([batteryKey, heatKey]).toEqual(['bat1', 'heat1']);
    const starts = quarterStartsOfDay(day);
    await writeQuarters(
      h.testDb.db,
      starts.map((ts, i) => ({
        source: 'gateway',
        siteId,
        ts: new Date(ts),
        // the morning charges the battery from the sun's surplus, the afternoon takes from the grid
        importWh: i < 48 ? 0 : 100,
        exportWh: i < 48 ? 20 : 0,
        productionWh: 0,
        batteryChargeWh: i < 48 ? 50 : 0,
        batteryDischargeWh: i >= 48 ? 25 : 0,
        evWh: 0,
        heatWh: i % 4 === 0 ? 300 : 0,
      })),
    );
    await h.testDb.db
      .insertInto('device_qh')
      .values(
        starts.map((ts, i) => ({
          site_id: siteId,
          device_key: batteryKey,
          ts: new Date(ts),
          soc_pct: Math.min(100, 20 + i),
          temp_c: null,
          energy_wh: null,
        })),
      )
      .execute();
    await h.testDb.db
      .insertInto('device_qh')
      .values(
        starts.map((ts, i) => ({
          site_id: siteId,
          device_key: heatKey,
          ts: new Date(ts),
          soc_pct: null,
          temp_c: i < 48 ? 50 : 60,
          energy_wh: null,
        })),
      )
      .execute();
    const owner = await world.actor(world.users.ownerA);
    const bat = await h.services.modules.battery(owner, { siteId, period: 'day', date: day });
    expect(bat.soc).toHaveLength(96);
    expect(bat.soc[0]).toEqual({ at: new Date(starts[0]!).toISOString(), socPct: 20 });
    // saving: 1.2 kWh delivered at the 0.30 € it replaced, minus 2.4 kWh of sun stored at the 0.05 € it would have
    // earned injected: 0.36 − 0.12
    expect(bat.totals).toMatchObject({ storedWh: 2400, deliveredWh: 1200, savingEur: '0.24' });
    expect(bat.buckets).toHaveLength(24);
    expect(bat.buckets[0]).toMatchObject({ storedWh: 200, socPct: 21.5 });
    const week = await h.services.modules.battery(owner, { siteId, period: 'week', date: day });
    expect(week.buckets.map((b) => b.storedWh)).toEqual([0, 2400, 0, 0, 0, 0, 0]);
    expect(week.buckets[1]!.savingEur).toBe('0.24');
    const heat = await h.services.modules.heat(owner, { siteId, period: 'day', date: day });
    expect(heat.totals).toEqual({ consumptionWh: 24 * 300, avgTempC: 55 });
    expect(heat.buckets[0]).toMatchObject({ consumptionWh: 300, avgTempC: 50 });
    expect(heat.buckets[23]).toMatchObject({ avgTempC: 60 });
    const year = await h.services.modules.heat(owner, { siteId, period: 'year', date: day });
    expect(year.buckets[10]).toMatchObject({ consumptionWh: 7200, avgTempC: 55 });
    const chargersOnly = await world.actor(world.users.memberChargers);
    await expect(h.services.modules.battery(chargersOnly, { siteId })).rejects.toMatchObject({
      code: 'forbidden',
      messageKey: 'home.chargersOnly',
    });
  });
});
