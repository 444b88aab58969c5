/*
 * Gateway resident memory with one simulated site (goal: under 80 MB), next to baselines measured in the same run:
 * a bare `node -e` process and an idle process under the tsx loader. The gateway runs in its own process, as on the
 * box: config file, P1 telegrams on its stdin from a simulated meter in this process, the site's Modbus devices on
 * loopback TCP, MQTT to a private Mosquitto. Measured both under tsx (how `npm start` runs it) and as one esbuild
 * bundle on plain node (how a firmware release would ship it, decision 001).
 *   npx tsx bench/gateway-memory.ts [seconds per gateway run, default 40]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProjectBroker } from '@ilumen/broker';
import { realClock } from '../src/runtime/clock';
import { SimulatedSite, siteProfile } from '../src/sim/site/simulated-site';
import { median, rssMb } from './helpers/rss';

const seconds = Number(process.argv[2] ?? 40);
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const SERIAL = 'ILS-BENCHMEM1';

function waitReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      if (d.toString().includes('ready')) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready`)));
  });
}

/** RSS samples once a second for `s` seconds; the steady state is the median of the second half. */
async function sample(pid: number, s: number): Promise<{ steady: number; max: number }> {
  const values: number[] = [];
  for (let i = 0; i < s; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const v = rssMb(pid);
    if (v !== null) values.push(v);
  }
  return { steady: median(values.slice(Math.floor(values.length / 2))), max: Math.max(...values) };
}

async function measureIdle(args: string[], s: number) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  if (args.includes('-e')) await new Promise((r) => setTimeout(r, 300));
  else await waitReady(child);
  const r = await sample(child.pid!, s);
  child.kill('SIGTERM');
  return r;
}

async function bundle(): Promise<string | null> {
  try {
    const esbuild = await import('esbuild');
    const outdir = here('./.out');
    mkdirSync(outdir, { recursive: true });
    const outfile = join(outdir, 'gateway-child.mjs');
    await esbuild.build({
      entryPoints: [here('./helpers/gateway-child.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // native bindings and their CommonJS wrapper load from node_modules at run time
      external: ['serialport', '@serialport/*', 'modbus-serial'],
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
      minify: true,
      logLevel: 'error',
    });
    return outfile;
  } catch (err) {
    process.stderr.write(`bundle skipped: ${(err as Error).message}\n`);
    return null;
  }
}

const broker = await startProjectBroker({
  gateways: [{ serial: SERIAL, password: 'pw' }],
});
const site = await SimulatedSite.create({
  profile: {
    ...siteProfile(5),
    pvKwp: 6,
    battery: { capacityWh: 10_000, maxW: 5000 },
    ev: { phases: 3, maxCurrentA: 16 },
    boiler: { ratedW: 2400, volumeL: 200 },
  },
  clock: realClock,
});
const work = mkdtempSync(join(tmpdir(), 'gw-mem-'));

async function measureGateway(command: string[], label: string) {
  const dataDir = join(work, label);
  const configPath = join(work, `${label}.json`);
  writeFileSync(
    configPath,
    JSON.stringify({
      version: 2,
      serial: SERIAL,
      mqtt: { url: broker.url, password: 'pw' },
      p1: { enabled: true, path: 'stdin' },
      modbus: { devices: site.gatewayDevices() },
      liveIntervalS: 5,
      dataDir,
      controllers: { solarBoiler: { enabled: true } },
    }),
  );
  const child = spawn(process.execPath, [...command, configPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  let last = { live: 0, p1: 0, connected: false, heapMb: 0, heapTotalMb: 0, externalMb: 0 };
  child.stdout.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) {
      if (line.startsWith('{')) last = JSON.parse(line);
    }
  });
  child.stdin.on('error', () => {});
  await waitReady(child);
  const unsubscribe = site.port.open({ onData: (b) => child.stdin.write(b), onClose: () => {} });
  const r = await sample(child.pid!, seconds);
  await (await unsubscribe).close();
  child.kill('SIGTERM');
  await new Promise((res) => child.once('exit', res));
  if (last.p1 === 0 || last.live === 0)
    throw new Error(`${label}: the gateway did not work (${JSON.stringify(last)})`);
  return { ...r, ...last };
}

site.start();
const bare = await measureIdle(['-e', 'setInterval(() => {}, 1000)'], 5);
const tsxIdle = await measureIdle(['--import', 'tsx', here('./helpers/idle.ts')], 5);
const underTsx = await measureGateway(['--import', 'tsx', here('./helpers/gateway-child.ts')], 'tsx');
const bundled = await bundle();
const plain = bundled ? await measureGateway([bundled], 'bundle') : null;
// a small box would run it with a small young generation: V8 then collects more often and holds less
const SMALL_HEAP = ['--max-semi-space-size=1', '--max-old-space-size=64'];
const small = bundled ? await measureGateway([...SMALL_HEAP, bundled], 'bundle-small') : null;

await site.close();
await broker.close();
rmSync(work, { recursive: true, force: true });
if (bundled) rmSync(here('./.out'), { recursive: true, force: true });

const detail = (g: Awaited<ReturnType<typeof measureGateway>> | null) =>
  g ? `  JS heap ${g.heapMb}/${g.heapTotalMb} MB; ${g.p1} telegrams, ${g.live} live sent` : '';
const row = (label: string, r: { steady: number; max: number } | null, note = '') =>
  `${label.padEnd(44)} ${r ? r.steady.toFixed(1).padStart(6) : '     -'} MB  (max ${r ? r.max.toFixed(1) : '-'} MB)${note}`;
process.stdout.write(
  [
    `Gateway resident memory, one simulated site (PV, iLubat, iLucharge, iLuheat, meter at 1 telegram/s), ${seconds} s, Node ${process.version}`,
    row('baseline: bare `node -e` idle', bare),
    row('baseline: idle TypeScript under tsx', tsxIdle),
    row('gateway under tsx (npm start)', underTsx, detail(underTsx)),
    row('gateway as one esbuild bundle on node', plain, detail(plain)),
    row(`  same, node ${SMALL_HEAP.join(' ')}`, small, detail(small)),
    `goal < 80 MB: ${(plain ?? underTsx).steady < 80 ? 'met' : 'NOT met'} by the bundle; gateway over bare node: ${((plain ?? underTsx).steady - bare.steady).toFixed(1)} MB; under tsx the loader alone adds ${(tsxIdle.steady - bare.steady).toFixed(1)} MB`,
    '',
  ].join('\n'),
);
