import {
  type BillQuarter,
  billOfYear,
  type Contract,
  compareContracts,
  dayAheadIndex,
  type HomeQuarter,
  type NetworkRates,
} from '../src/bill';
import { quarterStartsOfDay, startOfLocalDay } from '../src/calendar';

// A year's bill (2025, with both clock changes) for 1,000 homes through the bill model, next to a same-run baseline
// that sums the same quarters times one price without the model (the least any bill must do: touch every quarter).

const HOMES = Number(process.env.BILL_BENCH_HOMES ?? 1000);
const YEAR = 2025;

const starts: number[] = [];
for (let t = startOfLocalDay(`${YEAR}-01-01`); t < startOfLocalDay(`${YEAR + 1}-01-01`); ) {
  const day = new Date(t + 12 * 3_600_000).toISOString().slice(0, 10);
  const qs = quarterStartsOfDay(day);
  starts.push(...qs);
  t = qs.at(-1)! + 15 * 60_000;
}

const rates: NetworkRates = {
  area: 'bench',
  effectiveFrom: `${YEAR}-01-01`,
  capacityEurPerKwYear: '53.26000',
  offtakeEurPerKwh: '0.05500',
  dataManagementEurPerYear: '18.00',
  transmissionEurPerKwh: '0.01800',
  energyFundEurPerYear: '5.16',
  exciseEurPerKwh: '0.05030',
  vatPct: '6',
};
const contracts: Contract[][] = [
  [
    {
      kind: 'dayNight',
      effectiveFrom: `${YEAR}-01-01`,
      fixedEurPerYear: '60.00',
      dayEurPerKwh: '0.14500',
      nightEurPerKwh: '0.11200',
      exportEurPerKwh: '0.03500',
    },
  ],
  [
    {
      kind: 'dynamic',
      effectiveFrom: `${YEAR}-01-01`,
      fixedEurPerYear: '100.00',
      importFactor: '1.0000',
      importAdderEurPerKwh: '0.01500',
      exportFactor: '0.9000',
      exportCostEurPerKwh: '0.01100',
    },
  ],
];
const dayAhead = dayAheadIndex(
  starts.map((start, i) => ({ start, minutes: 15, eurPerMwh: ((i * 37) % 20_000) / 100 - 20 })),
);

/** One home's quarters: a deterministic household shape, different per home. */
function quartersOf(home: number): BillQuarter[] {
  return starts.map((start, i) => ({
    start,
    importWh: 50 + ((i * 13 + home * 7) % 400),
    exportWh: i % 96 > 40 && i % 96 < 64 ? (i + home) % 300 : 0,
  }));
}

const print = (line: string) => process.stdout.write(`${line}\n`);

const homes = Array.from({ length: HOMES }, (_, h) => quartersOf(h));
const quartersTotal = homes.reduce((s, q) => s + q.length, 0);

function measure<T>(name: string, run: () => T): { name: string; seconds: number; result: T } {
  const t0 = process.hrtime.bigint();
  const result = run();
  return { name, seconds: Number(process.hrtime.bigint() - t0) / 1e9, result };
}

const baseline = measure('baseline: Σ quarter import × one price (bigint)', () => {
  let sum = 0n;
  for (const quarters of homes) for (const q of quarters) sum += BigInt(q.importWh) * 14_500n;
  return sum;
});
const model = measure('bill model: billOfYear (contract, registers/day-ahead, network, levies, VAT)', () => {
  let net = 0;
  for (const [h, quarters] of homes.entries()) {
    const bill = billOfYear(
      { contracts: contracts[h % 2]!, rates: [rates], quarters, dayAhead, capacityW: () => 4200 },
      YEAR,
    );
    net += Number(bill.netEur);
  }
  return net;
});

print(`A year's bill for ${HOMES} homes (${quartersTotal.toLocaleString('en')} quarters), same run:`);
for (const r of [baseline, model]) {
  print(
    `  ${r.name.padEnd(80)} ${r.seconds.toFixed(2).padStart(7)} s  ${(quartersTotal / r.seconds / 1e6).toFixed(2).padStart(6)} M quarters/s`,
  );
}
print(
  `  model / baseline: ${(model.seconds / baseline.seconds).toFixed(1)}×; per home-year ${((model.seconds / HOMES) * 1000).toFixed(1)} ms`,
);

// The contract comparison (decision 191): a home's year under its own contract and five offers, each as measured and
// without the battery and smart charging (12 bills over 35,040 quarters, plus the counterfactual quarters), next to
// the same run's single year bill of those homes.
const COMPARE_HOMES = Number(process.env.COMPARE_BENCH_HOMES ?? 50);
const offers = [
  ...contracts.map((c, i) => ({ id: `o${i}`, name: c[0]!.kind, contract: c[0]! })),
  ...(['single', 'exclusiveNight', 'variable'] as const).map((kind, i) => ({
    id: `x${i}`,
    name: kind,
    contract: {
      kind,
      effectiveFrom: `${YEAR}-01-01`,
      fixedEurPerYear: '50.00',
      importEurPerKwh: '0.13000',
      dayEurPerKwh: '0.14000',
      nightEurPerKwh: '0.11000',
      exclusiveNightEurPerKwh: '0.09000',
      // a price for every month: a month without one is not priced (decision 251)
      monthlyEurPerKwh: Object.fromEntries(
        Array.from({ length: 12 }, (_, m) => [`${YEAR}-${String(m + 1).padStart(2, '0')}`, '0.15000']),
      ),
      exportEurPerKwh: '0.03000',
    } as Contract,
  })),
];
const devices = (home: number, quarters: BillQuarter[]): HomeQuarter[] =>
  quarters.map((q, i) => {
    const slot = i % 96;
    return {
      ...q,
      productionWh: slot > 32 && slot < 72 ? 400 + ((i + home) % 300) : 0,
      batteryChargeWh: slot > 44 && slot < 56 ? 300 : 0,
      batteryDischargeWh: slot > 72 && slot < 84 ? 250 : 0,
      evWh: slot >= 4 && slot < 16 && i % 7 === 0 ? 2500 : 0,
    };
  });
const compareHomes = homes.slice(0, COMPARE_HOMES).map((q, h) => devices(h, q));
const sessionsOf = (quarters: HomeQuarter[]) =>
  quarters.flatMap((q, i) =>
    i % 96 === 0 && i % 7 === 0 ? [{ start: q.start - 3_600_000, end: q.start + 4 * 3_600_000 }] : [],
  );
const compareSessions = compareHomes.map(sessionsOf);
const single = measure('same homes: billOfYear under their own contract', () => {
  let net = 0;
  for (const [h, quarters] of compareHomes.entries())
    net += Number(
      billOfYear(
        { contracts: contracts[h % 2]!, rates: [rates], quarters, dayAhead, capacityW: () => 4200 },
        YEAR,
      ).netEur,
    );
  return net;
});
const comparison = measure('comparison: own + 5 offers, measured and without control', () => {
  let rows = 0;
  for (const [h, quarters] of compareHomes.entries())
    rows += compareContracts({
      firstDay: `${YEAR}-01-01`,
      lastDay: `${YEAR}-12-31`,
      own: contracts[h % 2]!,
      offers,
      rates: [rates],
      quarters,
      sessions: compareSessions[h]!,
      dayAhead,
    }).rows.length;
  return rows;
});
print(`The contract comparison of a year for ${COMPARE_HOMES} homes, same run:`);
for (const r of [single, comparison])
  print(
    `  ${r.name.padEnd(80)} ${r.seconds.toFixed(2).padStart(7)} s  per home ${((r.seconds / COMPARE_HOMES) * 1000).toFixed(1).padStart(6)} ms`,
  );
print(
  `  comparison / one bill: ${(comparison.seconds / single.seconds).toFixed(1)}× (12 bills and the counterfactual)`,
);
