import { readJson } from '@ilumen/db';
import { addDays, localDate, startOfLocalDay } from '@ilumen/energy';
import { generateDayPrices, resolutionForDay } from '@ilumen/entsoe';
import { computeCheckDigit } from '@ilumen/fluvius/ean';
import { DEVICE_ERROR_CODES } from '@ilumen/mqtt-contract';
import { type Services, systemActor } from '@ilumen/services';
import { DEMO_PASSWORD, type DemoSite, demoEan, demoPvKwp, demoSites, installers, staff } from './demo-data';
import { type DemoHome, type MeterRegisters, seedHistory } from './history';
import { seedModules } from './modules';

export { DEMO_PASSWORD } from './demo-data';
export { type DemoDay, type DemoHome, demoHistory, sunElevation } from './history';

/** What the history model needs of a demo address: its PV, its devices, its connection. */
export function demoHome(site: DemoSite): DemoHome {
  const has = (t: string) => site.devices.some((d) => d.type === t);
  const inverter = site.devices.find((d) => d.type === 'inverter');
  return {
    pvKwp: inverter ? demoPvKwp(inverter.manufacturer, inverter.model) : 0,
    battery: has('battery'),
    charger: has('charger'),
    heat: has('heat'),
    gridPhases: site.gridPhases,
    mainFuseA: site.mainFuseA,
  };
}

/** The hardware revision of the demo's iLusmart gateways, which their simulated boxes report too. */
export const DEMO_HARDWARE_REVISION = 'B';

/** How many demo addresses have a (simulated) iLusmart. */
export const SIMULATED_SITES = 6;
export const simulatedSerial = (index: number) => `ILS-SIM${String(index + 1).padStart(5, '0')}`;

/** The counters of a gateway's `energy` message as the ingest stores them (`energy_counters.counters`). */
interface StoredCounters {
  meter?: MeterRegisters;
  pv?: { wh: number };
  battery?: { chargedWh: number; dischargedWh: number };
  chargers?: Array<{ id: string; wh: number }>;
  heat?: { wh: number };
}

/** The devices' counters of a stored boundary, for the simulated devices to go on from. */
function deviceCounters(stored: StoredCounters, chargerKey: string | undefined) {
  const charger = stored.chargers?.find((c) => c.id === chargerKey);
  return {
    ...(stored.pv ? { inverterWh: stored.pv.wh } : {}),
    ...(stored.battery
      ? { battery: { chargedWh: stored.battery.chargedWh, dischargedWh: stored.battery.dischargedWh } }
      : {}),
    ...(charger ? { chargerWh: charger.wh } : {}),
    ...(stored.heat ? { heatWh: stored.heat.wh } : {}),
  };
}

/**
 * What the site simulator should play for each simulated gateway, from what the platform knows of its site: the
 * devices the database lists. The demo writes this for `sim --profiles`.
 */
export async function simulatorProfiles(services: Services): Promise<
  Array<{
    serial: string;
    /** The PV behind the site's inverter, as the seeded history has it (0: none). */
    pvKwp: number;
    phases: 1 | 3;
    /** With the state of charge last stored, for the simulated iLubat to go on from. */
    battery: { capacityWh: number; maxW: number; socPct?: number } | null;
    ev: { phases: 1 | 3; maxCurrentA: number } | null;
    /** With the water temperature last stored, for the simulated iLuheat to go on from. */
    boiler: { ratedW: number; volumeL: number; tempC?: number } | null;
    /** The platform's key of each device, so the simulated gateway names them the same way (decision 071). */
    deviceKeys: Partial<Record<'inverter' | 'battery' | 'charger' | 'heat', string>>;
    /** The site's electricity EAN, which its simulated meter reports (commissioning checks it against the site's). */
    ean?: string;
    /** The serial of each device as the platform has it, which the simulated meter and devices report. */
    serials: Partial<Record<'meter' | 'inverter' | 'battery' | 'charger' | 'heat', string>>;
    /** The meter's registers as last stored (the seeded history's, or a previous run's), for the meter to go on from. */
    meterRegisters?: MeterRegisters;
    /**
     * The hardware revision the seeds give the demo's gateways, which the simulated box reports (a demo database from
     * before took the simulator's `SIM` and gets `B` back at the next start), so a release built for the fleet's
     * hardware fits it (decision 280).
     */
    hardwareRevision: string;
    /** The devices' energy counters as last stored (a previous run's), for each simulated device to go on from. */
    deviceCounters?: ReturnType<typeof deviceCounters>;
  }>
> {
  const db = services.deps.db;
  // a device's last stored state (the seeded history's, or a previous run's), for the simulated one to go on from
  const lastState = async <K extends string>(
    siteId: number | null | undefined,
    deviceKey: string,
    column: 'soc_pct' | 'temp_c',
    as: K,
  ): Promise<Partial<Record<K, number>>> => {
    if (!siteId) return {};
    const row = await db
      .selectFrom('device_qh')
      .select(column)
      .where('site_id', '=', siteId)
      .where('device_key', '=', deviceKey)
      .where(column, 'is not', null)
      .orderBy('ts', 'desc')
      .limit(1)
      .executeTakeFirst();
    const value = row?.[column];
    return value === null || value === undefined
      ? {}
      : ({ [as]: Number(value) } as Partial<Record<K, number>>);
  };
  const out = [];
  for (let i = 0; i < SIMULATED_SITES; i++) {
    const serial = simulatedSerial(i);
    const gw = await db
      .selectFrom('gateways')
      .leftJoin('sites', 'sites.id', 'gateways.site_id')
      .select(['gateways.site_id', 'sites.grid_phases'])
      .where('serial', '=', serial)
      .executeTakeFirst();
    const devices = gw?.site_id
      ? await db
          .selectFrom('devices')
          .select(['type', 'device_key', 'manufacturer', 'model', 'serial'])
          .where('site_id', '=', gw.site_id)
          .orderBy('id')
          .execute()
      : [];
    const meter = gw?.site_id
      ? await db
          .selectFrom('meters')
          .select('ean')
          .where('site_id', '=', gw.site_id)
          .where('energy_type', '=', 'E')
          .orderBy('id')
          .executeTakeFirst()
      : undefined;
    const last = gw?.site_id
      ? await db
          .selectFrom('energy_counters')
          .select('counters')
          .where('site_id', '=', gw.site_id)
          .orderBy('ts', 'desc')
          .limit(1)
          .executeTakeFirst()
      : undefined;
    const stored = last ? readJson<StoredCounters>(last.counters) : undefined;
    const meterRegisters = stored?.meter;
    const types = devices.map((d) => d.type);
    const deviceKeys: Partial<Record<'inverter' | 'battery' | 'charger' | 'heat', string>> = {};
    // the simulated home has one device of each type: the site's first
    const serials: Partial<Record<'meter' | 'inverter' | 'battery' | 'charger' | 'heat', string>> = {};
    for (const d of devices) {
      if (d.type !== 'meter') deviceKeys[d.type] ??= d.device_key;
      if (d.serial) serials[d.type] ??= d.serial;
    }
    const inverter = devices.find((d) => d.type === 'inverter');
    const phases: 1 | 3 = gw?.grid_phases === 1 ? 1 : 3;
    out.push({
      serial,
      deviceKeys,
      serials,
      pvKwp: inverter ? demoPvKwp(inverter.manufacturer ?? '', inverter.model) || 5 : 0,
      phases,
      battery: deviceKeys.battery
        ? {
            capacityWh: 10_000,
            maxW: 5000,
            ...(await lastState(gw?.site_id, deviceKeys.battery, 'soc_pct', 'socPct')),
          }
        : null,
      ev: types.includes('charger') ? { phases, maxCurrentA: 16 } : null,
      boiler: deviceKeys.heat
        ? {
            ratedW: 2400,
            volumeL: 200,
            ...(await lastState(gw?.site_id, deviceKeys.heat, 'temp_c', 'tempC')),
          }
        : null,
      ...(meter ? { ean: meter.ean } : {}),
      ...(meterRegisters ? { meterRegisters } : {}),
      hardwareRevision: DEMO_HARDWARE_REVISION,
      ...(stored ? { deviceCounters: deviceCounters(stored, deviceKeys.charger) } : {}),
    });
  }
  return out;
}

export interface SeedReport {
  users: number;
  sites: number;
  devices: number;
  created: { users: number; sites: number; devices: number };
}

/**
 * Builds the demo world through the same services the app uses. Re-running finds what exists by its natural key
 * (e-mail, organization name, address, serial) and adds only what is missing.
 */
export async function seedDemo(
  services: Services,
  options: {
    /**
     * Days of history for each simulated address (default a year, as the demo has). The product walk reads every
     * kind of page, not every month of a chart, and asks for less: the history is most of the seeding's time.
     */
    historyDays?: number;
  } = {},
): Promise<SeedReport> {
  const sys = systemActor('seeds');
  const db = services.deps.db;
  const created = { users: 0, sites: 0, devices: 0 };

  const operator = await services.organizations.ensureOperator(sys, 'iLumen');
  for (const person of staff) {
    const r = await services.users.provision(sys, {
      email: person.email,
      name: person.name,
      password: DEMO_PASSWORD,
      membership: { organizationId: operator.id, role: person.role },
    });
    if (r.created) created.users++;
  }
  const installerIds: number[] = [];
  for (const installer of installers) {
    const org = await services.organizations.ensureInstaller(sys, {
      name: installer.name,
      vatNumber: installer.vatNumber,
      email: installer.email,
      phone: installer.phone,
    });
    installerIds.push(org.id);
    for (const person of installer.people) {
      const r = await services.users.provision(sys, {
        email: person.email,
        name: person.name,
        password: DEMO_PASSWORD,
        membership: { organizationId: org.id, role: person.role },
      });
      if (r.created) created.users++;
    }
  }

  const sites = demoSites(20);
  for (const [index, site] of sites.entries()) {
    const organizationId = installerIds[site.installer]!;
    const existing = await db
      .selectFrom('sites')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('street', '=', site.street)
      .where('house_number', '=', site.houseNumber)
      .where('postal_code', '=', site.postalCode)
      .executeTakeFirst();
    let siteId = existing?.id;
    if (!siteId) {
      siteId = (
        await services.sites.create(sys, {
          organizationId,
          street: site.street,
          houseNumber: site.houseNumber,
          postalCode: site.postalCode,
          city: site.city,
          gridPhases: site.gridPhases,
          mainFuseA: site.mainFuseA,
        })
      ).id;
      created.sites++;
    }
    // The main user's contract prices, so costs show from the first visit (the homeowner changes them in Tarieven).
    const tariff = await db
      .selectFrom('tariffs')
      .select('id')
      .where('site_id', '=', siteId)
      .executeTakeFirst();
    if (!tariff) {
      // Dated in the past (a save through the service takes effect tomorrow), and in the history like a save.
      const prices = {
        site_id: siteId,
        effective_from: '2025-01-01',
        import_eur_per_kwh: index % 2 ? '0.31250' : '0.33800',
        export_eur_per_kwh: index % 2 ? '0.04100' : '0.03500',
      };
      await db.insertInto('tariffs').values(prices).execute();
      await db
        .insertInto('tariff_changes')
        .values({ ...prices, created_at: new Date('2024-12-31T10:00:00Z') })
        .execute();
    }
    if (site.owner) {
      const owner = await services.users.provision(sys, {
        email: site.owner.email,
        name: site.owner.name,
        password: DEMO_PASSWORD,
      });
      if (owner.created) created.users++;
      const hasOwner = await db
        .selectFrom('site_members')
        .select('id')
        .where('site_id', '=', siteId)
        .where('role', '=', 'owner')
        .executeTakeFirst();
      if (!hasOwner) await services.members.provision(sys, { siteId, userId: owner.id, role: 'owner' });
    }
    for (const device of site.devices) {
      const found = await db
        .selectFrom('devices')
        .select('id')
        .where('type', '=', device.type)
        .where('serial', '=', device.serial)
        .executeTakeFirst();
      if (found) continue;
      await services.devices.create(sys, {
        siteId,
        ...device,
        ean: device.type === 'meter' ? demoEan(index + 1, computeCheckDigit) : undefined,
        activeSince: `2025-${String(1 + (index % 12)).padStart(2, '0')}-01`,
      });
      created.devices++;
    }
  }
  // A shared user on the first address: the manual's "Alle data" and "iLuCharges" scopes.
  const firstSite = await db
    .selectFrom('sites')
    .select('id')
    .where('street', '=', sites[0]!.street)
    .where('house_number', '=', sites[0]!.houseNumber)
    .executeTakeFirstOrThrow();
  for (const [email, name, scope] of [
    ['partner@example.be', 'Sara Peeters', 'all'],
    ['laadpaal@example.be', 'Kevin Laadpaal', 'chargers'],
  ] as const) {
    const u = await services.users.provision(sys, { email, name, password: DEMO_PASSWORD });
    if (u.created) created.users++;
    const m = await db
      .selectFrom('site_members')
      .select('id')
      .where('site_id', '=', firstSite.id)
      .where('user_id', '=', u.id)
      .executeTakeFirst();
    if (!m)
      await services.members.provision(sys, { siteId: firstSite.id, userId: u.id, role: 'member', scope });
  }

  // The first six addresses have an iLusmart: the demo's site simulator plays them (serials ILS-SIM00001…), and they
  // get a year of history so their charts are not empty on the first visit.
  let companyCarSite: number | undefined;
  for (const [index, site] of sites.slice(0, SIMULATED_SITES).entries()) {
    const row = await db
      .selectFrom('sites')
      .select('id')
      .where('street', '=', site.street)
      .where('house_number', '=', site.houseNumber)
      .where('postal_code', '=', site.postalCode)
      .executeTakeFirstOrThrow();
    const serial = simulatedSerial(index);
    let gateway = await db
      .selectFrom('gateways')
      .select('id')
      .where('serial', '=', serial)
      .executeTakeFirst();
    if (!gateway) {
      const res = await db
        .insertInto('gateways')
        .values({
          serial,
          site_id: row.id,
          organization_id: installerIds[site.installer]!,
          // what it runs is what the (simulated) box says in its first `state`: a seeded '1.0.0' read as a
          // firmware change to the simulator's version at every demo start. Its hardware is the fleet's, and the
          // simulated box reports the same (simulatorProfiles), so releases for B fit it (decision 280).
          hardware_revision: DEMO_HARDWARE_REVISION,
        })
        .executeTakeFirstOrThrow();
      gateway = { id: Number(res.insertId) };
    }
    await db.updateTable('devices').set({ gateway_id: gateway.id }).where('site_id', '=', row.id).execute();
    const home = demoHome(site);
    await seedHistory(services, row.id, home, options.historyDays);
    await seedModules(services, row.id, gateway.id, home);
    await seedContract(services, row.id, index);
    if (home.charger) companyCarSite ??= row.id;
  }
  await seedNetworkRates(services);
  await seedContractOffers(services);
  await seedCompanyCar(services, companyCarSite);
  await seedDayAheadPrices(services);

  await seedConsoleOps(services, installerIds[0]!, sites);

  const count = async (table: 'users' | 'sites' | 'devices') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    users: await count('users'),
    sites: await count('sites'),
    devices: await count('devices'),
    created,
  };
}

/**
 * Network rates for every Flemish area the demo's postal codes fall in (decision 131). DEMO VALUES in the range of the
 * 2025 Flemish tariffs, not VREG's published figures: staff keep the real ones in the console.
 */
async function seedNetworkRates(services: Services) {
  const sys = systemActor('seeds');
  const areas = [
    'fluvius-antwerpen',
    'fluvius-halle-vilvoorde',
    'fluvius-imewo',
    'fluvius-iverlek',
    'fluvius-limburg',
    'fluvius-west',
  ];
  for (const [i, area] of areas.entries()) {
    await services.bill.saveRates(sys, {
      name: `${area} 2025 (demo)`,
      rates: {
        area,
        effectiveFrom: '2025-01-01',
        capacityEurPerKwYear: (50 + i).toFixed(2),
        offtakeEurPerKwh: '0.05500',
        dataManagementEurPerYear: '18.00',
        transmissionEurPerKwh: '0.01800',
        energyFundEurPerYear: '5.16',
        exciseEurPerKwh: '0.05030',
        vatPct: '6',
      },
    });
  }
}

/**
 * Contract offers the homeowner's comparison prices their year under (decisions 191, 240), one per kind. DEMO VALUES
 * in the range of 2025 Flemish offers, excl. VAT, not any supplier's: staff keep real ones.
 */
async function seedContractOffers(services: Services) {
  const offers = [
    [
      'Enkelvoudig vast (demo)',
      'single',
      { fixedEurPerYear: '50.00', importEurPerKwh: '0.13500', exportEurPerKwh: '0.03000' },
    ],
    [
      'Dag/nacht vast (demo)',
      'dayNight',
      {
        fixedEurPerYear: '50.00',
        dayEurPerKwh: '0.14800',
        nightEurPerKwh: '0.11000',
        exportEurPerKwh: '0.03000',
      },
    ],
    [
      'Uitsluitend nacht (demo)',
      'exclusiveNight',
      {
        fixedEurPerYear: '60.00',
        dayEurPerKwh: '0.14800',
        nightEurPerKwh: '0.11000',
        exclusiveNightEurPerKwh: '0.09500',
        exportEurPerKwh: '0.03000',
      },
    ],
    [
      'Variabel (demo)',
      'variable',
      {
        fixedEurPerYear: '45.00',
        monthlyEurPerKwh: demoMonthlyPrices(localDate(services.deps.clock.now())),
        importEurPerKwh: '0.12900',
        exportEurPerKwh: '0.02500',
      },
    ],
    [
      'Dynamisch day-ahead (demo)',
      'dynamic',
      {
        fixedEurPerYear: '100.00',
        importFactor: '1.0000',
        importAdderEurPerKwh: '0.01500',
        exportFactor: '0.9000',
        exportCostEurPerKwh: '0.01100',
      },
    ],
  ] as const;
  await services.deps.db
    .insertInto('contract_offers')
    .ignore()
    .values(offers.map(([name, kind, terms]) => ({ name, kind, terms: JSON.stringify(terms) })))
    .execute();
}

/**
 * The demo variable offer's price for each month of the seeded history and the next: DEMO VALUES around €0.125 a kWh,
 * dearer in winter as the index follows gas and power (a month without its price would go unpriced, decision 251).
 */
export function demoMonthlyPrices(today: string): Record<string, string> {
  const prices: Record<string, string> = {};
  const [y, m] = today.split('-').map(Number) as [number, number];
  for (let i = -26; i <= 2; i++) {
    const index = y * 12 + (m - 1) + i;
    const month = index % 12;
    const key = `${Math.floor(index / 12)}-${String(month + 1).padStart(2, '0')}`;
    prices[key] = (0.125 + 0.015 * Math.cos((2 * Math.PI * month) / 12)).toFixed(5);
  }
  return prices;
}

/**
 * Day-ahead prices for the history's year (the same generated prices the demo's ENTSO-E server answers), so the
 * dynamic home's bill is priced from the first visit. Days already stored are kept.
 */
async function seedDayAheadPrices(services: Services) {
  const db = services.deps.db;
  const today = localDate(services.deps.clock.now());
  const rows = [];
  for (let day = addDays(today, -400); day <= today; day = addDays(day, 1)) {
    const minutes = resolutionForDay(day);
    const prices = generateDayPrices(day, minutes);
    const start = startOfLocalDay(day);
    rows.push({
      zone: 'BE',
      day,
      minutes,
      slots: JSON.stringify(
        prices.map((eurPerMwh, i) => ({
          start: new Date(start + i * minutes * 60_000).toISOString(),
          minutes,
          eurPerMwh,
        })),
      ),
      complete: true,
      fetched_at: new Date(services.deps.clock.now()),
    });
  }
  await db.insertInto('day_ahead_prices').ignore().values(rows).execute();
}

/** The CREG's reference rates for company cars charged at home, 2025 (shared/domain/belgian-bill.md). */
const CREG_RATES_2025 = {
  flanders: ['0.2822', '0.3194', '0.3456', '0.3070'],
  brussels: ['0.3294', '0.3585', '0.3787', '0.3356'],
  wallonia: ['0.3256', '0.3617', '0.3843', '0.3457'],
} as const;

/**
 * A company car (decision 192): the first simulated home with a charger charges one for an employer, so the worker's
 * monthly statement (at the latest published CREG rate, provisional until staff enter the quarter's) reaches the
 * demo's mail sink. The CREG rates of 2025 are entered as published.
 */
async function seedCompanyCar(services: Services, siteId: number | undefined) {
  const db = services.deps.db;
  await db
    .insertInto('creg_rates')
    .ignore()
    .values(
      Object.entries(CREG_RATES_2025).flatMap(([region, rates]) =>
        rates.map((eur, q) => ({
          region: region as keyof typeof CREG_RATES_2025,
          quarter: `2025-Q${q + 1}`,
          eur_per_kwh: eur,
        })),
      ),
    )
    .execute();
  if (siteId === undefined) return;
  const charger = await db
    .selectFrom('devices')
    .select('id')
    .where('site_id', '=', siteId)
    .where('type', '=', 'charger')
    .executeTakeFirst();
  if (!charger) return;
  await db
    .insertInto('company_cars')
    .ignore()
    .values({
      device_id: charger.id,
      site_id: siteId,
      employer_email: 'wagenpark@werkgever.example',
      region: 'flanders',
      locale: 'nl',
    })
    .execute();
}

/** The first simulated home has a day/night contract, the second a dynamic one; the others keep the simple tariff. */
async function seedContract(services: Services, siteId: number, index: number) {
  const sys = systemActor('seeds');
  const contract =
    index === 0
      ? {
          kind: 'dayNight',
          effectiveFrom: '2025-01-01',
          fixedEurPerYear: '60.00',
          dayEurPerKwh: '0.14500',
          nightEurPerKwh: '0.11200',
          exportEurPerKwh: '0.03500',
        }
      : index === 1
        ? {
            kind: 'dynamic',
            effectiveFrom: '2025-01-01',
            fixedEurPerYear: '100.00',
            importFactor: '1.0000',
            importAdderEurPerKwh: '0.01500',
            exportFactor: '0.9000',
            exportCostEurPerKwh: '0.01100',
          }
        : null;
  if (contract) await services.bill.saveContract(sys, { siteId, contract });
}

/**
 * The console for installers and support (decisions 040–042): three boxes on Zonnewarmte's shelf with known claim codes
 * (DEMO1-00001… for ILS-DEMO00001…), to try the commissioning wizard, and one battery in "Fout" on an address without a
 * simulated gateway, so the alarm desk has something the evaluation raises within a minute.
 */
/** The demo's faulty battery: cell temperature too high. */
const BATTERY_TOO_HOT = 101;

async function seedConsoleOps(services: Services, installerId: number, sites: ReturnType<typeof demoSites>) {
  const sys = systemActor('seeds');
  const db = services.deps.db;
  const installer = await db
    .selectFrom('organizations')
    .select('name')
    .where('id', '=', installerId)
    .executeTakeFirstOrThrow();
  const rows = [1, 2, 3].map((n) => `ILS-DEMO0000${n};DEMO${n}-0000${n};${installer.name}`).join('\n');
  await services.gateways.register(sys, { rows, note: 'demo' });
  const faulty = sites.slice(SIMULATED_SITES).find((s) => s.devices.some((d) => d.type === 'battery'));
  if (!faulty) return;
  const site = await db
    .selectFrom('sites')
    .select('id')
    .where('street', '=', faulty.street)
    .where('house_number', '=', faulty.houseNumber)
    .where('postal_code', '=', faulty.postalCode)
    .executeTakeFirst();
  if (!site) return;
  await db
    .updateTable('devices')
    .set({
      status: 'Fout',
      // a code of the one table, as a real iLubat reports it (the desk shows its text and advice in every language)
      status_code: String(BATTERY_TOO_HOT),
      status_text: DEVICE_ERROR_CODES[BATTERY_TOO_HOT],
      status_changed_at: new Date(Date.now() - 3600_000),
    })
    .where('site_id', '=', site.id)
    .where('type', '=', 'battery')
    .where('status', 'is', null)
    .execute();
}

/** The logins the README and the demo command print. */
export const DEMO_LOGINS = [
  { role: 'iLumen admin', email: 'admin@ilumen.be' },
  { role: 'iLumen support', email: 'support@ilumen.be' },
  { role: 'iLumen fleet', email: 'fleet@ilumen.be' },
  { role: 'installer admin (Zonnewarmte BV)', email: 'anna@zonnewarmte.be' },
  { role: 'technician (Zonnewarmte BV)', email: 'tom@zonnewarmte.be' },
  { role: 'installer admin (Peeters Energie)', email: 'bart@peeters-energie.be' },
  { role: 'homeowner, two addresses', email: 'jan.peeters@example.be' },
  { role: 'shared user "Alle data"', email: 'partner@example.be' },
  { role: 'shared user "iLuCharges"', email: 'laadpaal@example.be' },
] as const;
