/*
 * The simulator process for the capacity benchmark: plays gateways at real speed and adds more on request.
 * stdin: `add N` → stdout `added TOTAL`; every second stdout `{"cpuPct":…,"rssMb":…,"loopP99Ms":…}`.
 *   tsx bench/helpers/sim-child.ts BROKER_URL
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startSimulation } from '../../src/sim/site/simulation';

const sim = await startSimulation({
  gateways: 0,
  speed: 1,
  brokerUrl: process.argv[2]!,
  credentials: () => ({ password: 'bench' }),
  serialPrefix: 'ILS-CAP',
  liveIntervalS: 5,
  seed: 9,
});
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let cpu = process.cpuUsage();
let at = performance.now();
setInterval(() => {
  const used = process.cpuUsage(cpu);
  const now = performance.now();
  const pct = ((used.user + used.system) / 1000 / (now - at)) * 100;
  cpu = process.cpuUsage();
  at = now;
  // are the homes really being read? devices with a reading from the last 10 s, and meters with a recent telegram
  const nowMs = sim.clock.now();
  let devices = 0;
  let freshDevices = 0;
  let freshMeters = 0;
  for (const g of sim.gateways) {
    for (const d of g.runtime.site.devices.values()) {
      devices++;
      if (d.readAt !== null && nowMs - d.readAt <= 10_000) freshDevices++;
    }
    const p1 = g.runtime.site.p1;
    if (p1 && nowMs - p1.receivedAt <= 5000) freshMeters++;
  }
  const line = {
    freshDevicesPct: devices === 0 ? 100 : Math.round((freshDevices / devices) * 100),
    freshMetersPct: sim.gateways.length === 0 ? 100 : Math.round((freshMeters / sim.gateways.length) * 100),
    cpuPct: Math.round(pct),
    rssMb: Math.round(process.memoryUsage().rss / 1048576),
    loopP99Ms: Math.round(loop.percentile(99) / 1e6),
    gateways: sim.gateways.length,
    connected: sim.gateways.filter((g) => g.runtime.mqtt.connected).length,
  };
  loop.reset();
  process.stdout.write(`${JSON.stringify(line)}\n`);
}, 1000);
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const m = /^add (\d+)$/.exec(line.trim());
  if (m) {
    await sim.addGateways(Number(m[1]));
    process.stdout.write(`added ${sim.gateways.length}\n`);
  }
  if (line.trim() === 'stop') {
    await sim.stop();
    process.exit(0);
  }
}
