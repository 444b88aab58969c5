import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoPasswordFile, reloadByPidFile } from './broker-credentials';

// A real Mosquitto of our own (never the system broker) that writes a pid file, like production: what the portal
// writes must be what the broker accepts after the SIGHUP.
let dir: string;
let broker: ChildProcess;
let port: number;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ilumen-broker-creds-'));
  port = await freePort();
  writeFileSync(join(dir, 'passwd'), '', { mode: 0o600 });
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    [
      `user ${userInfo().username}`,
      'allow_anonymous false',
      `password_file ${join(dir, 'passwd')}`,
      `pid_file ${join(dir, 'mosquitto.pid')}`,
      'log_dest stderr',
      `listener ${port} 127.0.0.1`,
      '',
    ].join('\n'),
  );
  broker = spawn('/usr/sbin/mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    try {
      readFileSync(join(dir, 'mosquitto.pid'));
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
});

afterAll(() => {
  broker?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

async function canConnect(username: string, password: string): Promise<boolean> {
  try {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
      username,
      password,
      reconnectPeriod: 0,
      connectTimeout: 3000,
    });
    await c.endAsync();
    return true;
  } catch {
    return false;
  }
}

async function eventually(fn: () => Promise<boolean>, want: boolean): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    if ((await fn()) === want) return want;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !want;
}

describe('gateway logins in a Mosquitto password file', () => {
  it('adds a login the running broker accepts after reloading, replaces it, and takes it away', async () => {
    const creds = mosquittoPasswordFile({
      passwordFile: join(dir, 'passwd'),
      reload: reloadByPidFile(join(dir, 'mosquitto.pid')),
    });
    expect(await canConnect('ILS-CRED00001', 'first-password')).toBe(false);
    await creds.set('ILS-CRED00001', 'first-password');
    await creds.set('ILS-CRED00002', 'other-password');
    expect(await eventually(() => canConnect('ILS-CRED00001', 'first-password'), true)).toBe(true);
    expect(await canConnect('ILS-CRED00001', 'wrong')).toBe(false);

    await creds.set('ILS-CRED00001', 'second-password');
    expect(await eventually(() => canConnect('ILS-CRED00001', 'first-password'), false)).toBe(false);
    expect(await canConnect('ILS-CRED00001', 'second-password')).toBe(true);

    await creds.remove('ILS-CRED00001');
    expect(await eventually(() => canConnect('ILS-CRED00001', 'second-password'), false)).toBe(false);
    expect(await canConnect('ILS-CRED00002', 'other-password')).toBe(true);
    expect(readFileSync(join(dir, 'passwd'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('keeps every login when several are written at once (one lock for the file)', async () => {
    const creds = mosquittoPasswordFile({ passwordFile: join(dir, 'passwd'), reload: async () => {} });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => creds.set(`ILS-PAR${String(i).padStart(5, '0')}`, `pw-${i}`)),
    );
    const users = readFileSync(join(dir, 'passwd'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(':')[0]);
    expect(users.filter((u) => u?.startsWith('ILS-PAR'))).toHaveLength(12);
  });
});
