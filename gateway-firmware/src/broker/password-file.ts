import { spawnSync } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../runtime/atomic-file';

/** Mosquitto 2's password hash: `$7$<iterations>$<salt b64>$<PBKDF2-HMAC-SHA512 b64>` (what mosquitto_passwd writes). */
export function hashMosquittoPassword(
  password: string,
  options: { iterations?: number; salt?: Buffer } = {},
): string {
  const iterations = options.iterations ?? 101;
  const salt = options.salt ?? randomBytes(12);
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Does `password` match a `$7$` hash line's hash? */
export function verifyMosquittoPassword(password: string, hashed: string): boolean {
  const [, seven, iterations, salt, hash] = hashed.split('$');
  if (seven !== '7' || !iterations || !salt || !hash) return false;
  return (
    hashMosquittoPassword(password, { iterations: Number(iterations), salt: Buffer.from(salt, 'base64') }) ===
    hashed
  );
}

const USERNAME = /^[^\s:]{1,64}$/;

export const MOSQUITTO_PASSWD = '/usr/bin/mosquitto_passwd';

export interface SetPasswordOptions {
  /** Use mosquitto_passwd when it is installed (default). false: always write the hash here. */
  useTool?: boolean;
  tool?: string;
}

/**
 * Adds or replaces one user's line in a Mosquitto password file (created when missing). With mosquitto_passwd
 * installed it does the work (`-b`); without, the same hash format is written here. The broker reads the file
 * again on SIGHUP.
 */
export function setMosquittoPassword(
  file: string,
  username: string,
  password: string,
  options: SetPasswordOptions = {},
): { via: 'mosquitto_passwd' | 'builtin' } {
  if (!USERNAME.test(username))
    throw new Error(`username ${JSON.stringify(username)}: no spaces or ':' allowed`);
  if (password.length === 0) throw new Error('empty password');
  const tool = options.tool ?? MOSQUITTO_PASSWD;
  if (options.useTool !== false && existsSync(tool)) {
    if (!existsSync(file)) writeFileAtomic(file, '');
    const r = spawnSync(tool, ['-b', file, username, password], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mosquitto_passwd failed: ${(r.stderr || r.stdout || '').trim()}`);
    return { via: 'mosquitto_passwd' };
  }
  const lines = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
    : [];
  const entry = `${username}:${hashMosquittoPassword(password)}`;
  const i = lines.findIndex((l) => l.slice(0, l.indexOf(':')) === username);
  if (i >= 0) lines[i] = entry;
  else lines.push(entry);
  writeFileAtomic(file, `${lines.join('\n')}\n`);
  return { via: 'builtin' };
}

/** A password for a new gateway: 24 random bytes, URL-safe base64 (32 characters). */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}
