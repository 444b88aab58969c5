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
  const line = {
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
