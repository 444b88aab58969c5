/*
 * The control cycle's own time with every controller on — peak shaving, load balancing, dynamic charging,
 * maintenance, fast/smart charging, charge timers, the solar boiler — over a simulated day at one cycle a second,
 * next to the empty cycle (site state and arbiter, no controller) measured in the same run. The devices answer from
 * memory (the simulator's register images through the real drivers), so this is the CPU a cycle costs the gateway;
 * on the box, Modbus writes add their wire time to the cycles that write. Goal: p99 under 20 ms of the 1 s cycle.
 *   npx tsx bench/control-cycle.ts
 */

import type { Controller } from '../src/control/controller';
import { chargeTimersSettingsSchema, createChargeTimers } from '../src/control/controllers/charge-timers';
import { chargingSettingsSchema, createCharging } from '../src/control/controllers/charging';
import {
  createDynamicCharging,
  dynamicChargingSettingsSchema,
} from '../src/control/controllers/dynamic-charging';
import { createLoadBalancing, loadBalancingSettingsSchema } from '../src/control/controllers/load-balancing';
import { createMaintenance, maintenanceSettingsSchema } from '../src/control/controllers/maintenance';
import { createPeakShaving, peakShavingSettingsSchema } from '../src/control/controllers/peak-shaving';
import { createSolarBoiler, solarBoilerSettingsSchema } from '../src/control/controllers/solar-boiler';
import { pvPowerW } from '../src/sim/site/solar';
import { FastSite } from '../test/energy-control/fast-site';
import { LB_DAY, twoChargerHome } from '../test/energy-control/two-chargers-scenario';

const at = (h: number) => new Date(LB_DAY + h * 3_600_000).toISOString();

function everyController(): Controller[] {
  return [
    createPeakShaving(peakShavingSettingsSchema.parse({ enabled: true, thresholdW: 5000, reservePct: 40 })),
    createLoadBalancing(
      loadBalancingSettingsSchema.parse({ enabled: true, maxPhaseA: 25, maxImportW: 15_000 }),
    ),
    createDynamicCharging(
      dynamicChargingSettingsSchema.parse({
        enabled: true,
        maxImportW: 5000,
        hours: [
          { start: at(2), end: at(5) },
          { start: at(13), end: at(14) },
        ],
      }),
    ),
    createMaintenance(
      maintenanceSettingsSchema.parse({
        enabled: true,
        maxImportW: 5000,
        charges: [{ id: 'm-1', batteryId: 'bat1', start: at(9), end: at(12) }],
      }),
    ),
    createCharging(chargingSettingsSchema.parse({ enabled: true })),
    createChargeTimers(
      chargeTimersSettingsSchema.parse({
        enabled: true,
        timers: [{ batteryId: 'bat1', startHour: 22, endHour: 23, powerW: 2000 }],
      }),
    ),
    createSolarBoiler(solarBoilerSettingsSchema.parse({ enabled: true })),
  ];
}

async function run(controllers: Controller[]) {
  const home = twoChargerHome();
  const times: number[] = [];
  const site = await FastSite.create({
    start: LB_DAY,
    stepMs: 1000,
    phases: 3,
    loadW: home.loadW,
    pvW: (ms) => pvPowerW(5, 5, ms),
    battery: { capacityWh: 10_000, maxW: 5000, socPct: 50 },
    chargers: [
      { id: 'chargerA', visitAt: home.carA, plan: { mode: 'fast', gridSharePct: 100, guarantee: null } },
      {
        id: 'chargerB',
        phase: 0,
        visitAt: home.carB,
        plan: { mode: 'smart', gridSharePct: 40, guarantee: null },
      },
    ],
    controllers,
    onCycleMs: (ms) => times.push(ms),
  });
  await site.runUntil(LB_DAY + 86_400_000);
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return {
    cycles: times.length,
    p50: q(0.5),
    p99: q(0.99),
    max: times.at(-1)!,
    decisions: site.decisions().length,
  };
}

// warm up the JIT on a first pass of each, then measure
await run([]);
await run(everyController());
const empty = await run([]);
const all = await run(everyController());
const fmt = (x: number) => `${x.toFixed(3)} ms`;
process.stdout.write(
  [
    `control cycle over a simulated day (${all.cycles} cycles at 1 s), devices answering from memory:`,
    `  all 7 controllers : p50 ${fmt(all.p50)}  p99 ${fmt(all.p99)}  max ${fmt(all.max)}  (${all.decisions} decisions published)`,
    `  empty cycle       : p50 ${fmt(empty.p50)}  p99 ${fmt(empty.p99)}  max ${fmt(empty.max)}`,
    `  goal: p99 under 20 ms of the 1000 ms cycle — ${all.p99 < 20 ? 'met' : 'NOT met'}`,
    '',
  ].join('\n'),
);
