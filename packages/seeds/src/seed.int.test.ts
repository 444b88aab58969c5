import { readJson } from '@ilumen/db';
import { addDays, localDate, startOfLocalDay } from '@ilumen/energy';
import { meterRegister } from '@ilumen/energy/calendar';
import { DEVICE_ERROR_CODES, type DeviceErrorCode } from '@ilumen/mqtt-contract';
import { systemActor } from '@ilumen/services';
import { createServiceHarness, type ServiceHarness } from '@ilumen/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPvKwp } from './demo-data';
import { DEMO_PASSWORD, seedDemo, simulatorProfiles, sunElevation } from './index';

let h: ServiceHarness;
beforeAll(async () => {
  h = await createServiceHarness('seeds');
});
afterAll(async () => {
  await h.close();
});

describe('demo seed', () => {
  it('builds the demo world, and a second run duplicates nothing', async () => {
    const first = await seedDemo(h.services);
    expect(first.sites).toBe(20);
    expect(first.devices).toBeGreaterThanOrEqual(60);
    const second = await seedDemo(h.services);
    expect(second.created).toEqual({ users: 0, sites: 0, devices: 0 });
    expect([second.users, second.sites, second.devices]).toEqual([first.users, first.sites, first.devices]);
    // Six addresses have a simulated iLusmart and a year of history, written once.
    const gateways = await h.testDb.db
      .selectFrom('gateways')
      .select(['serial', 'site_id'])
      .orderBy('serial')
      .execute();
    expect(gateways.filter((g) => g.site_id !== null).map((g) => g.serial)).toEqual([
      'ILS-SIM00001',
      'ILS-SIM00002',
      'ILS-SIM00003',
      'ILS-SIM00004',
      'ILS-SIM00005',
      'ILS-SIM00006',
    ]);
    // Three boxes on an installer's shelf, to try the commissioning wizard with.
    expect(gateways.filter((g) => g.site_id === null).map((g) => g.serial)).toEqual([
      'ILS-DEMO00001',
      'ILS-DEMO00002',
      'ILS-DEMO00003',
    ]);
    const days = await h.testDb.db
      .selectFrom('energy_day')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>('site_id').distinct().as('sites'),
      ])
      .executeTakeFirstOrThrow();
    expect(Number(days.sites)).toBe(6);
    // a year up to yesterday, and today once a quarter of it has ended
    expect(Number(days.n) - 6 * 365).toBeGreaterThanOrEqual(0);
    expect(Number(days.n) - 6 * 365).toBeLessThanOrEqual(6);
  });

  it('seeds a day/night home and a dynamic home whose last month reads like a bill (decision 131)', async () => {
    const sys = systemActor('test');
    const siteOf = async (serial: string) =>
      (
        await h.testDb.db
          .selectFrom('gateways')
          .select('site_id')
          .where('serial', '=', serial)
          .executeTakeFirstOrThrow()
      ).site_id!;
    const month = addDays(localDate(h.clock.now()), -35).slice(0, 7);
    const dayNight = await h.services.bill.month(sys, { siteId: await siteOf('ILS-SIM00001'), month });
    const keys = dayNight.bill.lines.map((l) => l.key);
    expect(keys).toEqual(expect.arrayContaining(['energy.day', 'energy.night', 'network.capacity']));
    expect(dayNight.bill.daysWithoutRates).toBe(0);
    // split by what the meter's registers counted, not by the clock (decision 250): the history has its counters
    expect(dayNight.bill.quartersByClock).toBe(0);
    expect(Number(dayNight.bill.netEur)).toBeGreaterThan(0);
    const dynamic = await h.services.bill.month(sys, { siteId: await siteOf('ILS-SIM00002'), month });
    expect(dynamic.bill.lines.map((l) => l.key)).toContain('energy.single');
    expect(dynamic.bill.quartersWithoutPrice).toBe(0);
    expect(dynamic.bill.daysWithoutContract).toBe(0);
  });

  it("prices every contract offer for every month of the history: the comparison's cheapest is a real price", async () => {
    const site = await h.testDb.db
      .selectFrom('gateways')
      .select('site_id')
      .where('serial', '=', 'ILS-SIM00002')
      .executeTakeFirstOrThrow();
    const c = await h.services.comparison.comparison(systemActor('test'), { siteId: site.site_id! });
    if (c.state !== 'ready') throw new Error('expected a comparison');
    expect(c.rows.map((r) => r.kind)).toEqual(
      expect.arrayContaining(['own', 'single', 'dayNight', 'variable', 'dynamic']),
    );
    for (const r of c.rows)
      expect({ [r.name]: [r.actual.monthsWithoutPrice, r.actual.quartersWithoutPrice] }).toEqual({
        [r.name]: [[], 0],
      });
    expect(c.rows.filter((r) => r.cheapest)).toHaveLength(1);
  });

  it("gives the module pages their history: the iLubat's state of charge today and every day, the iLuheat's temperatures all year", async () => {
    const login = async (email: string) =>
      (await h.services.auth.login({ email, password: DEMO_PASSWORD }, { ip: '127.0.0.1', userAgent: null }))
        .actor;
    const jan = await login('jan.peeters@example.be');
    const [first] = await h.services.homeowner.sites(jan);
    const site =
      (await h.services.homeowner.sites(jan)).find((s) => s.street === 'Stationsstraat 66') ?? first!;
    const now = h.services.deps.clock.now();
    const today = localDate(now);
    const battery = await h.services.modules.battery(jan, { siteId: site.id, period: 'day', date: today });
    // today's chart: a state of charge for every quarter that has ended (as many as the energy history has)
    const todayQuarters = await h.testDb.db
      .selectFrom('energy_qh')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('site_id', '=', site.id)
      .where('ts', '>=', new Date(startOfLocalDay(today)))
      .executeTakeFirstOrThrow();
    expect(battery.soc).toHaveLength(Number(todayQuarters.n));
    const monthAgo = await h.services.modules.battery(jan, {
      siteId: site.id,
      period: 'day',
      date: addDays(today, -40),
    });
    expect(monthAgo.soc.length).toBeGreaterThanOrEqual(92);

    const heatSite = await h.testDb.db
      .selectFrom('devices')
      .innerJoin('site_members', 'site_members.site_id', 'devices.site_id')
      .innerJoin('users', 'users.id', 'site_members.user_id')
      .select(['devices.site_id', 'users.email'])
      .where('devices.type', '=', 'heat')
      .where('site_members.role', '=', 'owner')
      .executeTakeFirstOrThrow();
    const owner = await login(heatSite.email);
    const year = await h.services.modules.heat(owner, {
      siteId: heatSite.site_id,
      period: 'year',
      date: addDays(today, -1),
    });
    const withEnergy = year.buckets.filter((b) => b.consumptionWh > 0);
    expect(withEnergy.length).toBeGreaterThan(0);
    // every month the boiler used energy in has its average temperature (only the last weeks had one)
    expect(withEnergy.filter((b) => b.avgTempC === null)).toEqual([]);
  });

  it("writes its device faults in the gateway's own codes, so the alarm desk shows each one's text and advice", async () => {
    const faults = await h.testDb.db
      .selectFrom('devices')
      .select(['status_code', 'status_text'])
      .where('status', '=', 'Fout')
      .execute();
    expect(faults.length).toBeGreaterThan(0);
    for (const f of faults) {
      const code = Number(f.status_code) as DeviceErrorCode;
      expect(f.status_code).toMatch(/^\d+$/);
      expect(f.status_text).toBe(DEVICE_ERROR_CODES[code]);
    }
  });

  it('lets every listed demo user log in, each landing where their role belongs', async () => {
    const admin = await h.services.auth.login(
      { email: 'admin@ilumen.be', password: DEMO_PASSWORD },
      { ip: '127.0.0.1', userAgent: null },
    );
    expect(admin.actor.memberships.map((m) => m.role)).toEqual(['admin']);
    const jan = await h.services.auth.login(
      { email: 'jan.peeters@example.be', password: DEMO_PASSWORD },
      { ip: '127.0.0.1', userAgent: null },
    );
    expect((await h.services.homeowner.sites(jan.actor)).length).toBe(2);
    const anna = await h.services.auth.login(
      { email: 'anna@zonnewarmte.be', password: DEMO_PASSWORD },
      { ip: '127.0.0.1', userAgent: null },
    );
    const list = await h.services.sites.list(anna.actor, { pageSize: 100 });
    expect(list.total).toBeGreaterThan(0);
    expect(list.rows.every((r) => r.organization_name === 'Zonnewarmte BV')).toBe(true);
  });

  describe('history that agrees with itself and with physics', () => {
    const brussels = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Brussels',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    const localHour = (d: Date) => Number(brussels.format(d));
    const sites = async () =>
      h.testDb.db
        .selectFrom('gateways')
        .innerJoin('devices', 'devices.site_id', 'gateways.site_id')
        .select(['gateways.site_id', 'devices.manufacturer', 'devices.model'])
        .where('devices.type', '=', 'inverter')
        .where('gateways.site_id', 'is not', null)
        .execute();

    it("keeps the meter's registers with the quarters: rising, moving by each quarter's energy, the night register only at night", async () => {
      const [site] = await sites();
      const siteId = site!.site_id!;
      const [counters, quarters] = await Promise.all([
        h.testDb.db
          .selectFrom('energy_counters')
          .select(['ts', 'counters'])
          .where('site_id', '=', siteId)
          .orderBy('ts')
          .execute(),
        h.testDb.db
          .selectFrom('energy_qh')
          .select(['ts', 'import_wh', 'export_wh'])
          .where('site_id', '=', siteId)
          .orderBy('ts')
          .execute(),
      ]);
      type Meter = { importT1Wh: number; importT2Wh: number; exportT1Wh: number; exportT2Wh: number };
      const meters = new Map(
        counters.map((c) => [c.ts.getTime(), readJson<{ meter: Meter }>(c.counters)!.meter]),
      );
      // a boundary at each quarter's start and end
      expect(counters.length).toBe(quarters.length + 1);
      let night = 0;
      for (const q of quarters) {
        const from = meters.get(q.ts.getTime())!;
        const to = meters.get(q.ts.getTime() + 15 * 60_000)!;
        const moved = {
          t1: to.importT1Wh - from.importT1Wh,
          t2: to.importT2Wh - from.importT2Wh,
          e1: to.exportT1Wh - from.exportT1Wh,
          e2: to.exportT2Wh - from.exportT2Wh,
        };
        for (const d of Object.values(moved)) expect(d).toBeGreaterThanOrEqual(0);
        expect(moved.t1 + moved.t2).toBe(Number(q.import_wh));
        expect(moved.e1 + moved.e2).toBe(Number(q.export_wh));
        const onNight = meterRegister(q.ts.getTime()) === 2;
        if (onNight) night++;
        expect(onNight ? moved.t1 + moved.e1 : moved.t2 + moved.e2).toBe(0);
      }
      // weekends, holidays and 22:00–07:00: more than half the year's quarters
      expect(night / quarters.length).toBeGreaterThan(0.5);
    });

    it('starts the simulated gateways where the history ends: the meter on its last registers, the iLubat on its last charge', async () => {
      const profiles = await simulatorProfiles(h.services);
      const first = profiles[0]!;
      const siteId = (
        await h.testDb.db
          .selectFrom('gateways')
          .select('site_id')
          .where('serial', '=', first.serial)
          .executeTakeFirstOrThrow()
      ).site_id!;
      const last = await h.testDb.db
        .selectFrom('energy_counters')
        .select('counters')
        .where('site_id', '=', siteId)
        .orderBy('ts', 'desc')
        .executeTakeFirstOrThrow();
      expect(first.meterRegisters).toEqual(readJson<{ meter: unknown }>(last.counters)!.meter);
      const withBattery = profiles.filter((p) => p.battery);
      expect(withBattery.length).toBeGreaterThan(0);
      for (const p of withBattery) {
        const soc = await h.testDb.db
          .selectFrom('device_qh')
          .innerJoin('gateways', 'gateways.site_id', 'device_qh.site_id')
          .select('soc_pct')
          .where('gateways.serial', '=', p.serial)
          .where('device_key', '=', p.deviceKeys.battery!)
          .where('soc_pct', 'is not', null)
          .orderBy('ts', 'desc')
          .executeTakeFirstOrThrow();
        expect(p.battery!.socPct).toBe(Number(soc.soc_pct));
      }
      for (const p of profiles.filter((p) => p.boiler)) expect(p.boiler!.tempC).toBeGreaterThan(20);
    });

    it('makes PV only while the sun is up: none at 05:00 or 20:00 in December, none in any dark quarter', async () => {
      const pv = await h.testDb.db
        .selectFrom('energy_qh')
        .select(['ts', 'production_wh'])
        .where('production_wh', '>', 0)
        .execute();
      expect(pv.length).toBeGreaterThan(1000);
      // the sun is above the horizon at some moment of every quarter with PV
      const dark = pv.filter((q) => {
        const t = q.ts.getTime();
        return Math.max(sunElevation(t), sunElevation(t + 7.5 * 60_000), sunElevation(t + 15 * 60_000)) <= 0;
      });
      expect(dark).toEqual([]);
      const december = pv.filter((q) => q.ts.getUTCMonth() === 11);
      expect(december.length).toBeGreaterThan(0);
      expect(december.filter((q) => localHour(q.ts) < 8 || localHour(q.ts) >= 17)).toEqual([]);
    });

    it('yields like a Belgian roof: about 1 kWh per kWp a day in December, 4 to 5 in June, and days that differ', async () => {
      for (const site of await sites()) {
        const kwp = demoPvKwp(site.manufacturer ?? '', site.model);
        expect(kwp).toBeGreaterThan(0);
        const days = await h.testDb.db
          .selectFrom('energy_day')
          .select(['day', 'production_wh'])
          .where('site_id', '=', site.site_id!)
          .execute();
        const perKwp = (month: string) => {
          const ds = days.filter((d) => d.day.slice(5, 7) === month && d.production_wh !== null);
          return ds.map((d) => Number(d.production_wh) / 1000 / kwp);
        };
        const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
        const june = perKwp('06');
        const december = perKwp('12');
        expect(june.length).toBe(30);
        expect(mean(june)).toBeGreaterThanOrEqual(3.5);
        expect(mean(june)).toBeLessThanOrEqual(5.5);
        expect(mean(december)).toBeGreaterThanOrEqual(0.5);
        expect(mean(december)).toBeLessThanOrEqual(1.3);
        // the weather: a grey June day makes less than half of a sunny one
        expect(Math.min(...june)).toBeLessThan(Math.max(...june) / 2);
      }
    });

    it("charges a car only with energy the house had: each session's grid part within the import of its quarters", async () => {
      const sessions = await h.testDb.db
        .selectFrom('charge_sessions')
        .select(['site_id', 'started_at', 'ended_at', 'energy_wh', 'solar_wh', 'mode'])
        .execute();
      expect(sessions.length).toBeGreaterThan(10);
      for (const s of sessions) {
        const q = await h.testDb.db
          .selectFrom('energy_qh')
          .select((eb) => [
            eb.fn.sum<number>('ev_wh').as('ev'),
            eb.fn.sum<number>('import_wh').as('imp'),
            eb.fn.sum<number>('production_wh').as('pv'),
          ])
          .where('site_id', '=', s.site_id)
          .where('ts', '>=', new Date(s.started_at.getTime() - 15 * 60_000))
          .where('ts', '<', s.ended_at!)
          .executeTakeFirstOrThrow();
        expect(Number(q.ev)).toBe(s.energy_wh);
        expect(s.energy_wh - (s.solar_wh ?? 0)).toBeLessThanOrEqual(Number(q.imp));
        expect(s.solar_wh ?? 0).toBeLessThanOrEqual(Number(q.pv ?? 0));
      }
    });

    it('heats the boiler only while it is heated: its temperature rises only in quarters with heat energy', async () => {
      const rows = await h.testDb.db
        .selectFrom('device_qh')
        .innerJoin('devices', (j) =>
          j
            .onRef('devices.site_id', '=', 'device_qh.site_id')
            .onRef('devices.device_key', '=', 'device_qh.device_key'),
        )
        .select(['device_qh.site_id', 'ts', 'temp_c', 'energy_wh'])
        .where('devices.type', '=', 'heat')
        .orderBy('device_qh.site_id')
        .orderBy('device_qh.ts')
        .execute();
      expect(rows.length).toBeGreaterThan(1000);
      const risesWithoutHeat = rows.filter((r, i) => {
        const prev = rows[i - 1];
        return prev && prev.site_id === r.site_id && Number(r.temp_c) > Number(prev.temp_c) && !r.energy_wh;
      });
      expect(risesWithoutHeat).toEqual([]);
    });

    it('gives the capacity page month peaks that cooking and a car make: different each month, at plausible hours', async () => {
      const login = async (email: string) =>
        (
          await h.services.auth.login(
            { email, password: DEMO_PASSWORD },
            { ip: '127.0.0.1', userAgent: null },
          )
        ).actor;
      const jan = await login('jan.peeters@example.be');
      const today = localDate(h.services.deps.clock.now());
      for (const site of await h.services.homeowner.sites(jan)) {
        const peaks: Array<{ w: number; at: string }> = [];
        for (let m = 1; m <= 11; m++) {
          const month = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 - m, 1))
            .toISOString()
            .slice(0, 7);
          const c = await h.services.history.capacity(jan, { siteId: site.id, month });
          expect(c.peak.countedW).not.toBeNull();
          peaks.push({ w: c.peak.countedW!, at: c.peak.countedAt! });
        }
        // not the same figure every month, not on the 1st every month
        expect(new Set(peaks.map((p) => p.w)).size).toBeGreaterThanOrEqual(8);
        expect(new Set(peaks.map((p) => p.at.slice(8, 10))).size).toBeGreaterThan(3);
        for (const p of peaks) {
          // an evening of cooking with a car on the charger: between 16:00 and 22:00, more than an oven alone
          const hour = localHour(new Date(p.at));
          expect(hour).toBeGreaterThanOrEqual(16);
          expect(hour).toBeLessThan(22);
          expect(p.w).toBeGreaterThan(3000);
        }
        const c = await h.services.history.capacity(jan, { siteId: site.id });
        expect(c.rolling.averageW).toBeGreaterThan(2500);
      }
    });
  });
});
