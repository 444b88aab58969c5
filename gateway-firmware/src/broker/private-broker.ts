import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../sim/modbus/free-port';
import { renderBrokerConfig } from './broker-files';
import { hashMosquittoPassword, setMosquittoPassword } from './password-file';

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';

export interface BrokerUser {
  username: string;
  password: string;
}

export interface PrivateBrokerOptions {
  users?: readonly BrokerUser[];
  /** Keep sessions and retained messages in a file across stop/start (default true, like production). */
  persistence?: boolean;
  /** Hash passwords here instead of running mosquitto_passwd once per user (quicker for hundreds of users). */
  builtinHash?: boolean;
  bin?: string;
}

export interface PrivateBroker {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly passwordFile: string;
  readonly running: boolean;
  /** Adds a user and makes the running broker read the password file again (SIGHUP). */
  addUser(user: BrokerUser): Promise<void>;
  /** Stops the broker process (SIGTERM: it saves its persistence file); the port stays ours to start again. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same files. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
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
 * A Mosquitto of our own, on a free loopback port, with the project's ACL and a password file: for tests and
 * benchmarks. Never touches the system broker on 1883.
 */
export async function startPrivateBroker(options: PrivateBrokerOptions = {}): Promise<PrivateBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'ilumen-mosquitto-'));
  const passwordFile = join(dir, 'passwd');
  writeFileSync(passwordFile, '', { mode: 0o600 });
  const users = options.users ?? [];
  if (options.builtinHash) {
    writeFileSync(
      passwordFile,
      users.map((u) => `${u.username}:${hashMosquittoPassword(u.password)}\n`).join(''),
      { mode: 0o600 },
    );
  } else {
    for (const u of users) setMosquittoPassword(passwordFile, u.username, u.password);
  }
  const persistenceDir = options.persistence === false ? undefined : join(dir, 'data');
  if (persistenceDir) mkdirSync(persistenceDir);
  const bin = options.bin ?? MOSQUITTO_BIN;
  // the files live in a private temporary directory: run the broker as ourselves so it can read them
  const port = await findFreePort();
  const confFile = join(dir, 'mosquitto.conf');
  writeFileSync(
    confFile,
    renderBrokerConfig({ port, passwordFile, persistenceDir, user: userInfo().username }),
  );

  let child: ChildProcess | null = null;
  let stderr = '';

  async function start(): Promise<void> {
    if (child) return;
    stderr = '';
    const proc = spawn(bin, ['-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    proc.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    let exited = false;
    // a test runner that dies must not leave its broker behind
    const reap = () => proc.kill('SIGKILL');
    process.once('exit', reap);
    proc.once('exit', () => {
      exited = true;
      process.off('exit', reap);
      if (child === proc) child = null;
    });
    for (let i = 0; i < 200; i++) {
      if (exited) throw new Error(`mosquitto exited at start: ${stderr.trim()}`);
      if (await canConnect(port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    proc.kill('SIGKILL');
    throw new Error(`mosquitto did not listen on ${port} within 5 s: ${stderr.trim()}`);
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

  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    dir,
    passwordFile,
    get running() {
      return child !== null;
    },
    async addUser(user) {
      setMosquittoPassword(passwordFile, user.username, user.password);
      child?.kill('SIGHUP');
      // the reload is asynchronous inside mosquitto; it has happened once a round trip has
      await new Promise((r) => setTimeout(r, 100));
    },
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
