import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { LOAD_GENERATOR_USER, PLATFORM_USERS, type PlatformUser } from './acl';
import { type BrokerLogin, MOSQUITTO_BIN, renderDynsecConfig, renderMosquittoConf } from './config';
import { DynsecAdmin } from './dynsec-admin';
import { generateBrokerPassword } from './password';
import { type BrokerCertificates, createBrokerCertificates } from './tls';

export interface ProjectBrokerOptions {
  /** Where config, state, certificates and persistence live; default a new temporary directory (removed on close). */
  dir?: string;
  /** The plain loopback listener for platform processes; default a free port. */
  port?: number;
  /** A TLS listener for gateways (true: on a free port); default none. */
  tls?: boolean | { port: number };
  /** Keep sessions and retained messages across stop/start (default true, like production). */
  persistence?: boolean;
  /** Gateways written into the first state (quicker than one dynamic-security request each for hundreds). */
  gateways?: ReadonlyArray<{ serial: string; password: string }>;
  /** Benchmarks: a login that may play every gateway and `bench/…` (see `LOAD_GENERATOR_USER`). */
  loadGenerator?: boolean;
  /** Extra log types (e.g. ['notice']) for a broker a person watches. */
  logTypes?: string[];
  bin?: string;
}

export interface ProjectBroker {
  /** The plain listener on loopback, for platform processes: `mqtt://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The TLS listener for gateways (`mqtts://localhost:<port>`) and the CA that signed its certificate. */
  readonly tls: (BrokerCertificates & { url: string; port: number }) | null;
  readonly dir: string;
  /** The platform users' logins (random per broker). */
  readonly users: Record<PlatformUser, BrokerLogin>;
  /** With `loadGenerator`: the benchmark load generator's login, and its URL with the login in it. */
  readonly loadGenerator: (BrokerLogin & { url: string }) | null;
  readonly running: boolean;
  /** The dynamic-security admin, connected as `ilumen-admin` (one per broker, closed with it). */
  admin(): Promise<DynsecAdmin>;
  /** Creates (or replaces) a gateway's login through the dynamic-security API; returns its password. */
  addGateway(serial: string, password?: string): Promise<string>;
  /** The environment a platform process needs to log in as `user` (MQTT_URL, MQTT_USERNAME, MQTT_PASSWORD). */
  envFor(user: PlatformUser): Record<string, string>;
  /** Stops the broker process (SIGTERM: it saves its persistence file); its ports stay its own to start again. */
  stop(): Promise<void>;
  /** Starts it again on the same ports with the same files. */
  start(): Promise<void>;
  /** Stops it and removes its directory when it made it. */
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = srv.address();
      srv.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * A Mosquitto with the project's configuration (no anonymous login, dynamic security, per-gateway rights, a TLS
 * listener for gateways when asked) on loopback ports of its own, with a directory of its own: what the demo, every
 * test that needs a broker, the benches and CI run. Never the machine's broker on 1883.
 */
export async function startProjectBroker(options: ProjectBrokerOptions = {}): Promise<ProjectBroker> {
  const madeDir = !options.dir;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ilumen-broker-'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const users = Object.fromEntries(
    (Object.keys(PLATFORM_USERS) as PlatformUser[]).map((u) => [
      u,
      { username: PLATFORM_USERS[u], password: generateBrokerPassword() },
    ]),
  ) as Record<PlatformUser, BrokerLogin>;
  const loadGenerator = options.loadGenerator
    ? { username: LOAD_GENERATOR_USER, password: generateBrokerPassword() }
    : null;
  const dynsecFile = join(dir, 'dynamic-security.json');
  writeFileSync(
    dynsecFile,
    renderDynsecConfig({
      platform: Object.fromEntries(Object.entries(users).map(([u, l]) => [u, l.password])) as Record<
        PlatformUser,
        string
      >,
      gateways: options.gateways,
      loadGeneratorPassword: loadGenerator?.password,
    }),
    { mode: 0o600 },
  );
  const port = options.port ?? (await freePort());
  let tls: ProjectBroker['tls'] = null;
  if (options.tls) {
    const tlsDir = join(dir, 'tls');
    mkdirSync(tlsDir, { recursive: true });
    const certs = createBrokerCertificates(tlsDir);
    chmodSync(certs.keyFile, 0o600);
    const tlsPort = typeof options.tls === 'object' ? options.tls.port : await freePort();
    tls = { ...certs, port: tlsPort, url: `mqtts://localhost:${tlsPort}` };
  }
  const persistenceDir = options.persistence === false ? undefined : join(dir, 'data');
  if (persistenceDir && !existsSync(persistenceDir)) mkdirSync(persistenceDir);
  const confFile = join(dir, 'mosquitto.conf');
  writeFileSync(
    confFile,
    renderMosquittoConf({
      dynsecFile,
      plain: { port },
      ...(tls
        ? { tls: { port: tls.port, host: '127.0.0.1', certFile: tls.certFile, keyFile: tls.keyFile } }
        : {}),
      persistenceDir,
      // the files are ours: run the broker as ourselves (as root it would otherwise drop to `mosquitto`)
      user: userInfo().username,
      logTypes: ['error', 'warning', ...(options.logTypes ?? [])],
    }),
  );
  const bin = options.bin ?? MOSQUITTO_BIN;
  const url = `mqtt://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let stderr = '';
  let admin: DynsecAdmin | null = null;

  async function start(): Promise<void> {
    if (child) return;
    stderr = '';
    const proc = spawn(bin, ['-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    proc.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    let exited = false;
    let spawnError: Error | null = null;
    proc.once('error', (e) => {
      spawnError = e;
    });
    // a test runner that dies must not leave its broker behind
    const reap = () => proc.kill('SIGKILL');
    process.once('exit', reap);
    proc.once('exit', () => {
      exited = true;
      process.off('exit', reap);
      if (child === proc) child = null;
    });
    for (let i = 0; i < 400; i++) {
      if (spawnError)
        throw new Error(`cannot start ${bin} (apt-get install mosquitto): ${(spawnError as Error).message}`);
      if (exited) throw new Error(`mosquitto exited at start: ${stderr.trim()}`);
      if ((await canConnect(port)) && (!tls || (await canConnect(tls.port)))) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    proc.kill('SIGKILL');
    throw new Error(`mosquitto did not listen on ${port} within 10 s: ${stderr.trim()}`);
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (!proc) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
    child = null;
  }

  async function getAdmin(): Promise<DynsecAdmin> {
    if (!admin) admin = DynsecAdmin.connect({ url, ...users.admin, clientId: `ilumen-admin-${port}` });
    await admin.connected();
    return admin;
  }

  await start();
  return {
    url,
    port,
    tls,
    dir,
    users,
    loadGenerator: loadGenerator
      ? {
          ...loadGenerator,
          url: `mqtt://${loadGenerator.username}:${loadGenerator.password}@127.0.0.1:${port}`,
        }
      : null,
    get running() {
      return child !== null;
    },
    admin: getAdmin,
    async addGateway(serial, password = generateBrokerPassword()) {
      await (await getAdmin()).setGateway(serial, password);
      return password;
    },
    envFor: (user) => ({
      MQTT_URL: url,
      MQTT_USERNAME: users[user].username,
      MQTT_PASSWORD: users[user].password,
    }),
    stop,
    start,
    async close() {
      await admin?.close();
      admin = null;
      await stop();
      if (madeDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
