/** The demo world, as data: who exists, which sites, which devices. Deterministic: the same every run. */

export const DEMO_PASSWORD = 'iLumen-demo-2026';

export const staff = [
  { email: 'admin@ilumen.be', name: 'Ada Vermeulen', role: 'admin' },
  { email: 'support@ilumen.be', name: 'Sam De Smet', role: 'support' },
  { email: 'fleet@ilumen.be', name: 'Fien Claes', role: 'fleet' },
] as const;

export const installers = [
  {
    name: 'Zonnewarmte BV',
    vatNumber: 'BE0700123456',
    email: 'info@zonnewarmte.be',
    phone: '+32 9 123 45 67',
    people: [
      { email: 'anna@zonnewarmte.be', name: 'Anna Janssens', role: 'installer_admin' },
      { email: 'tom@zonnewarmte.be', name: 'Tom Maes', role: 'technician' },
    ],
  },
  {
    name: 'Peeters Energie',
    vatNumber: 'BE0800987654',
    email: 'info@peeters-energie.be',
    phone: '+32 16 98 76 54',
    people: [
      { email: 'bart@peeters-energie.be', name: 'Bart Peeters', role: 'installer_admin' },
      { email: 'lotte@peeters-energie.be', name: 'Lotte Wouters', role: 'technician' },
    ],
  },
] as const;

const streets = [
  'Kerkstraat',
  'Stationsstraat',
  'Molenstraat',
  'Dorpsstraat',
  'Schoolstraat',
  'Nieuwstraat',
  'Kapelstraat',
  'Beekstraat',
  'Veldstraat',
  'Lindelaan',
  'Eikenlaan',
  'Kasteelstraat',
  'Hoogstraat',
  'Bosstraat',
];
const cities = [
  ['9000', 'Gent'],
  ['9300', 'Aalst'],
  ['9100', 'Sint-Niklaas'],
  ['8500', 'Kortrijk'],
  ['9200', 'Dendermonde'],
  ['3000', 'Leuven'],
  ['3500', 'Hasselt'],
  ['2800', 'Mechelen'],
  ['2000', 'Antwerpen'],
  ['3200', 'Aarschot'],
] as const;

/** Inverters as their makers name them, with the PV (kWp) a roof behind each typically has. */
export const INVERTERS = {
  SMA: [
    { model: 'Sunny Boy 3.6', kwp: 4.2 },
    { model: 'Sunny Boy 4.0', kwp: 4.6 },
    { model: 'Sunny Boy 5.0', kwp: 5.6 },
  ],
  Fronius: [
    { model: 'Primo GEN24 3.6 Plus', kwp: 4.1 },
    { model: 'Primo GEN24 5.0 Plus', kwp: 5.5 },
    { model: 'Symo GEN24 6.0 Plus', kwp: 6.8 },
  ],
  Huawei: [
    { model: 'SUN2000-3KTL-L1', kwp: 3.6 },
    { model: 'SUN2000-5KTL-L1', kwp: 5.4 },
    { model: 'SUN2000-6KTL-M1', kwp: 7.0 },
  ],
  SolarEdge: [
    { model: 'SE3680H', kwp: 4.3 },
    { model: 'SE5000H', kwp: 5.5 },
    { model: 'SE6000H', kwp: 6.6 },
  ],
} as const;
const INVERTER_BRANDS = Object.keys(INVERTERS) as Array<keyof typeof INVERTERS>;

/** The inverter of a brand, a model of that brand picked by `r` in [0, 1). */
function inverterOf(manufacturer: keyof typeof INVERTERS, r: number, serial: string) {
  const models = INVERTERS[manufacturer];
  const { model } = models[Math.floor(r * models.length)]!;
  return { type: 'inverter' as const, manufacturer, model, serial };
}

/** The PV (kWp) behind a demo inverter; 0 for a model the demo does not know. */
export function demoPvKwp(manufacturer: string, model: string): number {
  const models: ReadonlyArray<{ model: string; kwp: number }> =
    INVERTERS[manufacturer as keyof typeof INVERTERS] ?? [];
  return models.find((m) => m.model === model)?.kwp ?? 0;
}

export interface DemoSite {
  key: string;
  installer: 0 | 1;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  gridPhases: 1 | 3;
  mainFuseA: number;
  owner: { email: string; name: string } | null;
  devices: Array<{
    type: 'meter' | 'inverter' | 'battery' | 'charger' | 'heat';
    manufacturer: string;
    model: string;
    serial: string;
  }>;
}

/** A tiny seeded PRNG (mulberry32), so the demo world never changes between runs. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const firstNames = [
  'Jan',
  'Els',
  'Pieter',
  'Lies',
  'Koen',
  'Sofie',
  'Wim',
  'An',
  'Dirk',
  'Katrien',
  'Bram',
  'Nele',
];
const lastNames = [
  'Peeters',
  'Janssens',
  'Maes',
  'Jacobs',
  'Mertens',
  'Willems',
  'Claes',
  'Goossens',
  'Wouters',
  'De Smet',
];

export function demoSites(count = 20): DemoSite[] {
  const rand = prng(20261127);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const sites: DemoSite[] = [];
  for (let i = 1; i <= count; i++) {
    const [postalCode, city] = pick(cities);
    const n = String(i).padStart(2, '0');
    const first = pick(firstNames);
    const last = pick(lastNames);
    // The first homeowner owns two addresses, as the manual's address switcher needs; site 20 waits for its owner.
    const owner =
      i === 20
        ? null
        : i <= 2
          ? { email: 'jan.peeters@example.be', name: 'Jan Peeters' }
          : { email: `eigenaar${n}@example.be`, name: `${first} ${last}` };
    const devices: DemoSite['devices'] = [
      { type: 'meter', manufacturer: 'Sagemcom', model: 'S211', serial: `1SAG11${String(100000 + i)}` },
      inverterOf(pick(INVERTER_BRANDS), rand(), `INV-${n}-${Math.floor(rand() * 1e6)}`),
    ];
    if (i % 2 === 1)
      devices.push({
        type: 'battery',
        manufacturer: 'iLumen',
        model: 'iLubat 10',
        serial: `ILB-${String(240000 + i)}`,
      });
    if (i % 3 !== 0)
      devices.push({
        type: 'charger',
        manufacturer: 'iLumen',
        model: 'iLucharge 11',
        serial: `ILC-${String(240000 + i)}`,
      });
    if (i % 4 === 0)
      devices.push({
        type: 'heat',
        manufacturer: 'iLumen',
        model: 'iLuheat 200',
        serial: `ILH-${String(240000 + i)}`,
      });
    sites.push({
      key: `demo-${n}`,
      installer: i % 3 === 0 ? 1 : 0,
      street: pick(streets),
      houseNumber: String(1 + Math.floor(rand() * 180)),
      postalCode,
      city,
      gridPhases: rand() < 0.7 ? 3 : 1,
      mainFuseA: pick([25, 32, 40, 40, 40, 63]),
      owner,
      devices,
    });
  }
  return sites;
}

/** A valid electricity EAN for demo site n: Fluvius prefix 541448, then a running number, then the check digit. */
export function demoEan(n: number, checkDigit: (data: string) => number): string {
  const data = `5414488200${String(n).padStart(7, '0')}`;
  return `${data}${checkDigit(data)}`;
}
