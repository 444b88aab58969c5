import { type ChildProcess, spawn } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProjectBroker } from '@ilumen/broker';
import { commonEnv, parseEnv } from '@ilumen/config';
import { ensureDatabase } from '@ilumen/db/admin';
import { migrateToLatest } from '@ilumen/db/migrator';
import { type EntsoeServer, startEntsoeServer } from '@ilumen/entsoe';
import { generateSigningKeys, rawPublicKey } from '@ilumen/firmware-signing';
import type { FluviusClientConfigInput } from '@ilumen/fluvius';
import { type FluviusSimulator, startFluviusSimulator } from '@ilumen/fluvius/simulator';
import { freePort, startMailSink } from '@ilumen/mail-sink';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo, simulatorProfiles } from '@ilumen/seeds';
import { STORE_MODULES, systemActor } from '@ilumen/services';
import { openServices } from '@ilumen/services/runtime';
import { z } from 'zod';
import { checkServices } from './checks';
import { DEMO_IDP_ACCOUNTS, type DemoIdp, startDemoIdp } from './demo-idp';

// `npm run demo`: checks the services, migrates, seeds when empty, builds and starts the portal and the worker on the
// demo data, with a local mail sink, then prints where to go and who to log in as. Ctrl-C stops everything.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const env = parseEnv(
  z.object({
    ...commonEnv,
    PORT: z.coerce.number().int().default(3000),
    MAIL_SINK_HTTP_PORT: z.coerce.number().int().default(1080),
    MAIL_SINK_SMTP_PORT: z.coerce.number().int().default(1025),
    FLUVIUS_SIM_PORT: z.coerce.number().int().default(4010),
    FLUVIUS_API_BASE_URL: z.string().optional(),
    ENTSOE_SIM_PORT: z.coerce.number().int().default(4020),
    /** The local sign-in provider standing in for Google, Apple and Facebook (unless OAUTH_* are set outside). */
    OIDC_SIM_PORT: z.coerce.number().int().default(4030),
    ENTSOE_BASE_URL: z.string().optional(),
    /** The demo broker's TLS listener for the simulated gateways (its plain one takes MQTT_URL's port). */
    MQTT_TLS_PORT: z.coerce.number().int().default(8883),
  }),
);
const out = (line: string) => process.stdout.write(`${line}\n`);
// Where the portal really listens: PORT moves it, so the URL printed and mailed follows unless PUBLIC_URL says otherwise.
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
// This demo's own files (the release-signing key pair, uploaded firmware), kept between runs, one folder per database.
const dataDir = path.join(
  root,
  '.data',
  'demo',
  new URL(env.DATABASE_URL).pathname.replace(/^\//, '') || 'ilumen',
);

const checks = await checkServices(env);
const down = checks.filter((c) => !c.ok);
if (down.length > 0) {
  for (const c of down) {
    out(`✗ ${c.name} is not reachable at ${c.url}: ${c.detail ?? 'unknown error'}`);
    out(`  start it with: ${c.howToStart}`);
  }
  out(
    'The demo needs MariaDB, Redis, Mosquitto and openssl. Start or install the ones above and run `npm run demo` again.',
  );
  process.exit(1);
}
out(`✓ ${checks.map((c) => c.name).join(', ')} reachable`);

// The project's broker, as production runs it (decision 018): no anonymous login, every login and right from the
// dynamic security plugin, a TLS listener for the gateways with a CA made for this run. A directory of its own per
// run, so every demo starts without a previous run's retained messages or sessions.
const broker = await startProjectBroker({
  port: await freePortOr(Number(new URL(env.MQTT_URL).port || 1883)),
  tls: { port: await freePortOr(env.MQTT_TLS_PORT) },
});

await ensureDatabase(env.DATABASE_URL);
const runtime = openServices({
  databaseUrl: env.DATABASE_URL,
  redisUrl: env.REDIS_URL,
  redisPrefix: env.REDIS_PREFIX,
  publicUrl,
  // the demo sends each simulated address its configuration before the gateways start (below)
  mqtt: { url: broker.url, ...broker.users.worker, clientId: `ilumen-demo-${process.pid}` },
});
await migrateToLatest(runtime.services.deps.db);
const users = await runtime.services.deps.db
  .selectFrom('users')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
if (Number(users.n) === 0) {
  out('… seeding demo data');
  const report = await seedDemo(runtime.services);
  out(`✓ demo data: ${report.users} users, ${report.sites} sites, ${report.devices} devices`);
} else {
  out(`✓ database has data (${users.n} users); not seeding`);
}
// The homes the site simulator plays: the seeded addresses with an iLusmart, with the devices the platform lists.
const profiles = await simulatorProfiles(runtime.services);
// Energy control (decisions 050–055): the first simulated address gets the iLuStore modules, so its pages show something.
const firstSimulated = await runtime.services.deps.db
  .selectFrom('gateways')
  .select('site_id')
  .where('serial', '=', profiles[0]?.serial ?? '')
  .executeTakeFirst();
const demo = systemActor('demo');
if (firstSimulated?.site_id) {
  for (const module of STORE_MODULES)
    await runtime.services.storeModules.grant(demo, { siteId: firstSimulated.site_id, module });
}
// The ingest's session exists before any gateway speaks, so their first messages (every device's first status) are
// kept for the worker however late it subscribes (decision 071).
// (Same environment as the worker below: its client id, share group and broker login.)
await run('npm', ['run', '-w', '@ilumen/worker', 'ingest:session'], {
  stdio: 'ignore',
  env: { ...process.env, ...ingestEnv() },
});
// Each simulated address gets the configuration the platform holds for it (every device, the saved settings), retained
// before its gateway connects: the gateways start from this run's platform, never from what a previous run left.
await publishSimulatedConfigs(profiles.map((p) => p.serial));
// The simulated gateways get their logins as claimed boxes do: through the broker's dynamic security API.
const gatewayPasswords: Record<string, string> = {};
for (const p of profiles) gatewayPasswords[p.serial] = await broker.addGateway(p.serial);
const credentialsFile = path.join(broker.dir, 'sim-credentials.json');
writeFileSync(credentialsFile, JSON.stringify(gatewayPasswords), { mode: 0o600 });
const profilesFile = path.join(tmpdir(), `ilumen-demo-sim-${process.pid}.json`);
writeFileSync(profilesFile, JSON.stringify(profiles));
await runtime.close();

const smtpPort = await freePortOr(env.MAIL_SINK_SMTP_PORT);
const httpPort = await freePortOr(env.MAIL_SINK_HTTP_PORT);
const sink = await startMailSink({ smtpPort, httpPort });

// Fluvius: a local simulator (token endpoint, ESCO API, the "Mijn Fluvius" consent page) unless a real Fluvius is
// configured; the portal and the worker reach it through the same FLUVIUS_* variables production uses.
let fluvius: FluviusSimulator | null = null;
let fluviusEnv: Record<string, string> = {};
if (!env.FLUVIUS_API_BASE_URL) {
  fluvius = await startFluviusSimulator({ port: await freePortOr(env.FLUVIUS_SIM_PORT) });
  fluviusEnv = fluviusEnvFor(fluvius.clientConfig);
}

// Day-ahead prices: a local ENTSO-E server (the fixtures for their days, generated prices for any other) unless a real
// ENTSO-E is configured; the worker fetches from it through the same ENTSOE_* variables production uses.
let entsoe: EntsoeServer | null = null;
let entsoeEnv: Record<string, string> = {};
if (!env.ENTSOE_BASE_URL) {
  const token = 'demo-entsoe-token';
  entsoe = await startEntsoeServer({ port: await freePortOr(env.ENTSOE_SIM_PORT), securityToken: token });
  entsoeEnv = { ENTSOE_BASE_URL: entsoe.url, ENTSOE_TOKEN: token };
}

// Sign-in with Google, Apple and Facebook (decision 011) through a local provider, unless real ones are configured.
let idp: DemoIdp | null = null;
if (!Object.keys(process.env).some((k) => k.startsWith('OAUTH_'))) {
  idp = await startDemoIdp({ port: await freePortOr(env.OIDC_SIM_PORT), publicUrl });
}

// The portal and the worker run as production runs them: compiled, by plain node (decision 121).
out('… building the portal and the worker');
await run('npm', ['run', '-w', '@ilumen/portal', '-w', '@ilumen/worker', 'build'], { stdio: 'ignore' });

// Firmware releases (decision 111): the demo's own signing key pair, made at the first start in the demo's data folder
// and kept there, so a release signed in one run still verifies in the next; the simulated gateways trust its public
// key, so a rollout in the demo updates them. The private key never leaves that folder (`npm run firmware:sign -- --key
// <that file>` signs an artifact the portal accepts); FIRMWARE_PUBLIC_KEY set outside replaces it.
const firmwareEnv: Record<string, string> = {};
let signingKeyFile: string | null = null;
let releasePublicKey = process.env.FIRMWARE_PUBLIC_KEY ?? null;
if (!releasePublicKey) {
  signingKeyFile = path.join(dataDir, 'release-signing.key');
  releasePublicKey = demoSigningKey(signingKeyFile);
  Object.assign(firmwareEnv, {
    FIRMWARE_PUBLIC_KEY: releasePublicKey,
    FIRMWARE_DIR: process.env.FIRMWARE_DIR ?? path.join(dataDir, 'firmware'),
  });
}
const childEnv = {
  ...firmwareEnv,
  ...process.env,
  ...fluviusEnv,
  ...entsoeEnv,
  NODE_ENV: 'production',
  // production mode on the development machine's settings (root without a password, http, a local mail sink)
  ACCEPT_DEVELOPMENT_DEFAULTS: 'true',
  SMTP_URL: sink.smtpUrl,
  PORT: String(env.PORT),
  PUBLIC_URL: publicUrl,
};
// Each platform process logs in as its own broker user, with only its own rights (docs/broker.md).
const portalEnv = {
  ...childEnv,
  ...(idp?.env ?? {}),
  ...broker.envFor('portal'),
  BROKER_CREDENTIALS: 'mosquitto-dynsec',
  BROKER_ADMIN_USERNAME: broker.users.admin.username,
  BROKER_ADMIN_PASSWORD: broker.users.admin.password,
};
const workerEnv = { ...childEnv, ...ingestEnv() };
const children: ChildProcess[] = [
  start('portal', 'npm', ['run', '-w', '@ilumen/portal', 'start'], portalEnv),
  start('worker', 'npm', ['run', '-w', '@ilumen/worker', 'start'], workerEnv),
  // Simulated iLusmart gateways in real time on the broker: live values, quarter-hours, device statuses.
  start(
    'sim',
    'npm',
    [
      'run',
      '-w',
      '@ilumen/gateway-firmware',
      'sim',
      '--',
      '--gateways',
      String(profiles.length),
      '--speed',
      '1',
      '--broker',
      broker.tls!.url,
      '--ca',
      broker.tls!.caFile,
      '--credentials',
      credentialsFile,
      '--profiles',
      profilesFile,
      '--report',
      '0',
      '--ota-public-key',
      releasePublicKey,
    ],
    { ...process.env, NODE_ENV: 'production' },
  ),
];

// Declared before the first wait: a portal that never answers stops the demo through `stop` (it threw on the
// not-yet-declared flag instead, leaving the portal, worker and gateways running without their parent).
let stopping = false;
// A first start on a busy two-core machine (the portal's server code is compiled as it loads) can take two minutes.
await waitForHealth(`http://127.0.0.1:${env.PORT}/healthz`, 240_000);
out('');
out(`iLumen is running at ${publicUrl}`);
out(
  `Simulated iLusmart gateways (live data on the first six addresses): ${profiles.map((p) => p.serial).join(', ')}`,
);
out(
  `MQTT broker (logins only, no anonymous access): ${broker.url} for the platform, ${broker.tls!.url} (TLS, CA ${broker.tls!.caFile}) for gateways`,
);
out(`Mail sink (invitations, password resets, Fluvius notices): ${sink.httpUrl}`);
if (signingKeyFile)
  out(`Firmware release signing key for this demo (npm run firmware:sign): ${signingKeyFile}`);
if (fluvius) out(`Fluvius simulator ("Mijn Fluvius" consent page, control at /_sim/control): ${fluvius.url}`);
if (entsoe) out(`ENTSO-E day-ahead price server (tomorrow published at 13:00 Brussels): ${entsoe.url}/api`);
if (idp) {
  out(
    `Sign-in with Google, Apple or Facebook (local provider at ${idp.url}; the login page shows the three buttons):`,
  );
  out(
    "  Google or Apple: type the login below on the provider's page, any password; Facebook: pick the name",
  );
  for (const [login, a] of Object.entries(DEMO_IDP_ACCOUNTS))
    out(
      `  ${login.padEnd(6)} → ${a.email.padEnd(26)} ${login === 'nieuw' ? '(no account yet: becomes a new homeowner account)' : `(signs in as ${a.name}, linked by the verified e-mail)`}`,
    );
}
out(`Demo logins, password "${DEMO_PASSWORD}":`);
for (const l of DEMO_LOGINS) out(`  ${l.email.padEnd(28)} ${l.role}`);
out('Ctrl-C stops everything.');

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  // Each child runs in a process group of its own (npm and the node process it starts): signal the whole group, so no
  // portal, worker or gateway outlives the demo; one that does not stop within 10 s is killed.
  const exited = children.map(
    (c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r))),
  );
  for (const c of children) signalGroup(c, 'SIGTERM');
  const killer = setTimeout(() => {
    for (const c of children) signalGroup(c, 'SIGKILL');
  }, 10_000);
  await Promise.all(exited);
  // npm may exit before the process it started: the group gets a last TERM
  for (const c of children) signalGroup(c, 'SIGTERM');
  clearTimeout(killer);
  await sink.close();
  await broker.close();
  await fluvius?.close();
  await entsoe?.close();
  await idp?.close();
  process.exit(code);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

/** Publishes the current configuration of each simulated address (waits for the broker connection first). */
async function publishSimulatedConfigs(serials: string[]) {
  const db = runtime.services.deps.db;
  const sites = await db.selectFrom('gateways').select('site_id').where('serial', 'in', serials).execute();
  for (const { site_id } of sites) {
    if (site_id === null) continue;
    for (let attempt = 0; ; attempt++) {
      if ((await runtime.services.gatewayConfig.publishIfReachable(demo, site_id)) !== null) break;
      if (attempt > 100)
        throw new Error(`the broker at ${broker.url} did not take the demo's configurations`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The FLUVIUS_* variables that point a client at the simulator (its own sandbox credentials, not secrets). */
function fluviusEnvFor(config: FluviusClientConfigInput): Record<string, string> {
  const vars: Record<string, string | undefined> = {
    FLUVIUS_API_BASE_URL: config.apiBaseUrl,
    FLUVIUS_TENANT_ID: config.tenantId,
    FLUVIUS_TOKEN_URL: config.tokenUrl,
    FLUVIUS_CLIENT_ID: config.clientId,
    FLUVIUS_SCOPE: config.scope,
    FLUVIUS_CLIENT_SECRET: config.credentials.kind === 'secret' ? config.credentials.clientSecret : undefined,
    FLUVIUS_SUBSCRIPTION_KEY: config.subscriptionKey,
    FLUVIUS_DATA_ACCESS_CONTRACT_NUMBER: config.dataAccessContractNumber,
    FLUVIUS_CONSENT_PAGE_URL: config.consentPageUrl,
  };
  return Object.fromEntries(Object.entries(vars).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Signals a child's process group (it leads one: spawned detached); a group already gone is fine. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group has exited
  }
}

/** The demo's release-signing key pair: read from `file`, or made there (0600) at the first start. Its public key. */
function demoSigningKey(file: string): string {
  if (existsSync(file)) return rawPublicKey(createPrivateKey(readFileSync(file)));
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const keys = generateSigningKeys();
  writeFileSync(file, keys.privateKeyPem, { mode: 0o600 });
  writeFileSync(`${file.replace(/\.key$/, '')}.pub`, `${keys.publicKey}\n`);
  return keys.publicKey;
}

function start(name: string, cmd: string, args: string[], childEnv: NodeJS.ProcessEnv): ChildProcess {
  // detached: the child leads its own process group, which `stop` signals as a whole
  const child = spawn(cmd, args, {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      process.stdout.write(`[${name}] ${line}\n`);
  };
  child.stdout?.on('data', prefix);
  child.stderr?.on('data', prefix);
  child.once('exit', (code) => {
    if (!stopping) {
      out(`${name} stopped (exit ${code}); stopping the demo`);
      void stop(code ?? 1);
    }
  });
  return child;
}

/** The worker's broker logins: its own for what it sends, the ingest's for what it reads. */
function ingestEnv(): Record<string, string> {
  return {
    ...broker.envFor('worker'),
    INGEST_MQTT_USERNAME: broker.users.ingest.username,
    INGEST_MQTT_PASSWORD: broker.users.ingest.password,
  };
}

function run(cmd: string, args: string[], opts: { stdio: 'ignore' | 'inherit'; env?: NodeJS.ProcessEnv }) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: opts.stdio, env: opts.env ?? process.env });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (${code})`)),
    );
  });
}

async function waitForHealth(url: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  out(`The portal did not answer on ${url} within ${timeoutMs / 1000} s; see its log lines above.`);
  await stop(1);
}

async function freePortOr(preferred: number): Promise<number> {
  const { createServer } = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(preferred, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
  return free ? preferred : freePort();
}
