import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  hashMosquittoPassword,
  MOSQUITTO_PASSWD,
  setMosquittoPassword,
  verifyMosquittoPassword,
} from './password-file';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function file(): string {
  const d = mkdtempSync(join(tmpdir(), 'passwd-'));
  dirs.push(d);
  return join(d, 'passwd');
}

describe('Mosquitto password file', () => {
  it('writes the same PBKDF2-SHA512 hash as mosquitto_passwd', () => {
    if (!existsSync(MOSQUITTO_PASSWD)) return;
    const f = file();
    spawnSync(MOSQUITTO_PASSWD, ['-c', '-b', f, 'ILS-HASH0001', 'geheim'], { encoding: 'utf8' });
    const hashed = readFileSync(f, 'utf8').trim().split(':')[1]!;
    expect(verifyMosquittoPassword('geheim', hashed)).toBe(true);
    expect(verifyMosquittoPassword('Geheim', hashed)).toBe(false);
  });

  it('adds and replaces users without the tool, keeping the others', () => {
    const f = file();
    setMosquittoPassword(f, 'ILS-AAAAAA01', 'one', { useTool: false });
    setMosquittoPassword(f, 'ILS-BBBBBB02', 'two', { useTool: false });
    setMosquittoPassword(f, 'ILS-AAAAAA01', 'three', { useTool: false });
    const lines = readFileSync(f, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(':')[0])).toEqual(['ILS-AAAAAA01', 'ILS-BBBBBB02']);
    expect(verifyMosquittoPassword('three', lines[0]!.split(':')[1]!)).toBe(true);
    expect(verifyMosquittoPassword('two', lines[1]!.split(':')[1]!)).toBe(true);
  });

  it('refuses a username that would break the file format', () => {
    expect(() => setMosquittoPassword(file(), 'a:b', 'x', { useTool: false })).toThrow(/':'/);
    expect(hashMosquittoPassword('x')).toMatch(/^\$7\$101\$[A-Za-z0-9+/=]{16}\$[A-Za-z0-9+/=]{88}$/);
  });
});
