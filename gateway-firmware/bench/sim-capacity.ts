/*
 * How many gateways one simulator process plays at a 5 s live interval, in real time: gateways are added in steps
 * until the `live` publish lag (arrival at a platform subscriber − the message's own time) or the simulator's CPU
 * breaks. Next to it, measured in the same run on the same private broker: the broker's raw publish rate from one
 * client (QoS 0 live-sized messages, and QoS 1 with a window), the ceiling any number of gateways share.
 *   npx tsx bench/sim-capacity.ts [levels, default 50,100,200,400,800,1200,1600] [window s, default 15]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startProjectBroker } from '@ilumen/broker';
import { examplePayloads } from '@ilumen/mqtt-contract/examples';
import mqtt from 'mqtt';

const levels = (process.argv[2] ?? '50,100,200,400,800,1200,1600').split(',').map(Number);
const windowS = Number(process.argv[3] ?? 15);
const LAG_P99_LIMIT_MS = 1000;
const CPU_LIMIT_PCT = 90;
const maxGateways = Math.max(...levels);
const serials = Array.from({ length: maxGateways }, (_, i) => `ILS-CAP${String(i + 1).padStart(5, '0')}`);

const broker = await startProjectBroker({
  persistence: false,
  gateways: serials.map((s) => ({ serial: s, password: 'bench' })),
});

const connect = (clientId: string) =>
  mqtt.connectAsync(broker.url, {
    ...broker.users.ingest,
    clientId,
    protocolVersion: 5,
  });

const pct = (values: number[], q: number) => {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** One client publishing as fast as the broker takes it, another counting what arrives. */
async function rawRate(qos: 0 | 1, seconds: number): Promise<number> {
  // publish as a gateway, read as the ingest (the only rights each has)
  const pub = await mqtt.connectAsync(broker.url, {
    username: serials[0],
    password: 'bench',
    clientId: `raw-pub-${qos}`,
    protocolVersion: 5,
  });
  const sub = await connect(`raw-sub-${qos}`);
  const topic = `ilumen/v1/gw/${serials[0]}/live`;
  let received = 0;
  sub.on('message', () => received++);
  await sub.subscribeAsync(topic, { qos });
  const payload = JSON.stringify(examplePayloads.live);
  const end = Date.now() + seconds * 1000;
  const start = Date.now();
  let inFlight = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (inFlight < (qos === 0 ? 64 : 100) && Date.now() < end) {
        inFlight++;
        pub.publish(topic, payload, { qos }, () => {
          inFlight--;
          if (Date.now() < end) setImmediate(pump);
          else if (inFlight === 0) resolve();
        });
      }
    };
    pump();
  });
  await new Promise((r) => setTimeout(r, 500));
  const elapsed = (Date.now() - start) / 1000;
  await pub.endAsync();
  await sub.endAsync();
  return received / elapsed;
}

const raw0 = await rawRate(0, 5);
const raw1 = await rawRate(1, 5);

// the simulator in its own process, measured by this one from the outside
const observer = await connect('capacity-observer');
/** Every live message: its own time and when it arrived here. */
const arrivals: { ts: number; at: number }[] = [];
let counting = false;
observer.on('message', (_t, p) => {
  if (!counting) return;
  arrivals.push({ ts: Date.parse((JSON.parse(p.toString()) as { ts: string }).ts), at: Date.now() });
});
await observer.subscribeAsync('ilumen/v1/gw/+/live', { qos: 0 });

const child: ChildProcess = spawn(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('./helpers/sim-child.ts', import.meta.url)), broker.url],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
const stats: {
  cpuPct: number;
  rssMb: number;
  loopP99Ms: number;
  gateways: number;
  connected: number;
  freshDevicesPct: number;
  freshMetersPct: number;
}[] = [];
const waiters: ((line: string) => void)[] = [];
createInterface({ input: child.stdout! }).on('line', (line) => {
  if (line.startsWith('{')) stats.push(JSON.parse(line));
  else for (const w of waiters.splice(0)) w(line);
});
const nextLine = () => new Promise<string>((r) => waiters.push(r));
await nextLine(); // ready

interface Level {
  gateways: number;
  received: number;
  expected: number;
  lagP50: number;
  lagP99: number;
  cpu: number;
  loopP99: number;
  rssMb: number;
  /** Lowest share during the window of devices read in the last 10 s, and of meters with a telegram in the last 5 s. */
  freshDevices: number;
  freshMeters: number;
  ok: boolean;
}
const results: Level[] = [];
let total = 0;
for (const level of levels) {
  const added = level - total;
  child.stdin!.write(`add ${added}\n`);
  await nextLine();
  total = level;
  // connections settle and every new device has been found and polled a few times
  await new Promise((r) => setTimeout(r, Math.max(6000, 10 * added)));
  arrivals.length = 0;
  const from = stats.length;
  counting = true;
  const windowStart = Date.now();
  await new Promise((r) => setTimeout(r, windowS * 1000));
  const windowEnd = Date.now();
  await new Promise((r) => setTimeout(r, 1500)); // late arrivals of the window's last tick still count, as lag
  counting = false;
  // live ticks fall on multiples of 5 s: judge the ticks inside the window by their own time
  const ticks = Math.floor((windowEnd - 1) / 5000) - Math.floor((windowStart - 1) / 5000);
  const inWindow = arrivals.filter((a) => a.ts >= windowStart && a.ts < windowEnd);
  const lags = inWindow.map((a) => a.at - a.ts);
  const window = stats.slice(from);
  const cpu = window.reduce((n, s) => n + s.cpuPct, 0) / Math.max(1, window.length);
  const r: Level = {
    gateways: level,
    received: lags.length,
    expected: level * ticks,
    lagP50: pct(lags, 0.5),
    lagP99: pct(lags, 0.99),
    cpu,
    loopP99: Math.max(...window.map((s) => s.loopP99Ms)),
    rssMb: window.at(-1)?.rssMb ?? Number.NaN,
    freshDevices: Math.min(...window.map((s) => s.freshDevicesPct)),
    freshMeters: Math.min(...window.map((s) => s.freshMetersPct)),
    ok: false,
  };
  r.ok =
    r.lagP99 <= LAG_P99_LIMIT_MS &&
    r.cpu <= CPU_LIMIT_PCT &&
    r.received >= 0.95 * r.expected &&
    r.freshDevices >= 95 &&
    r.freshMeters >= 95;
  results.push(r);
  process.stderr.write(`${JSON.stringify(r)}\n`);
  if (!r.ok) break;
}
child.stdin!.write('stop\n');
await new Promise((r) => child.once('exit', r));
await observer.endAsync();
await broker.close();

const best = results.filter((r) => r.ok).at(-1);
const lines = [
  `Simulator capacity at a 5 s live interval, real time, one simulator process (Node ${process.version}, 2 shared cores; broker and this observer on the same machine)`,
  `baseline: broker raw publish rate from one client: QoS 0 ${Math.round(raw0).toLocaleString('en')} msg/s, QoS 1 ${Math.round(raw1).toLocaleString('en')} msg/s (live-sized ${JSON.stringify(examplePayloads.live).length} B)`,
  `  = live traffic of ${Math.round(raw0 * 5).toLocaleString('en')} gateways at one message per 5 s`,
  'gateways  live recv/expected  lag p50   lag p99   sim CPU  loop p99  sim RSS  devices/meters fresh',
  ...results.map(
    (r) =>
      `${String(r.gateways).padStart(8)}  ${`${r.received}/${r.expected}`.padStart(18)}  ${`${r.lagP50} ms`.padStart(7)}  ${`${r.lagP99} ms`.padStart(8)}  ${`${Math.round(r.cpu)} %`.padStart(7)}  ${`${r.loopP99} ms`.padStart(8)}  ${`${r.rssMb} MB`.padStart(7)}  ${`${r.freshDevices}/${r.freshMeters} %`.padStart(20)}${r.ok ? '' : '  ← breaks'}`,
  ),
  best
    ? `one simulator process plays ${best.gateways} gateways${results.at(-1)?.ok ? ' (the largest level tried; it may hold more)' : ''}: ${Math.round(best.gateways / 5)} live msg/s, ${((best.gateways / 5 / raw0) * 100).toFixed(1)} % of the broker's single-client QoS 0 rate; each gateway plays its meter (1 telegram/s), its 1–4 Modbus devices (a mix of homes, 2 s polls), the 1 s control cycle and MQTT`
    : 'not even the first level held',
  '',
];
process.stdout.write(lines.join('\n'));
