import { type BillQuarter, billOfYear, type Contract, dayAheadIndex, type NetworkRates } from '../src/bill';
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
