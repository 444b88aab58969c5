import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatPasswordHash,
  generateBrokerPassword,
  hashBrokerPassword,
  verifyBrokerPassword,
} from './password';

describe('broker password hash', () => {
  it('reads a hash written by mosquitto_passwd (same PBKDF2-SHA512 as the dynamic security plugin)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'passwd-'));
    try {
      const file = join(dir, 'passwd');
      const r = spawnSync('/usr/bin/mosquitto_passwd', ['-c', '-b', file, 'ILS-HASH0001', 'geheim']);
      expect(r.status).toBe(0);
      const hashed = readFileSync(file, 'utf8').trim().split(':')[1]!;
      expect(verifyBrokerPassword('geheim', hashed)).toBe(true);
      expect(verifyBrokerPassword('Geheim', hashed)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('verifies its own hashes and refuses anything malformed', () => {
    const pw = generateBrokerPassword();
    expect(pw).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const stored = formatPasswordHash(hashBrokerPassword(pw));
    expect(stored).toMatch(/^\$7\$101\$[A-Za-z0-9+/=]{16}\$[A-Za-z0-9+/=]{88}$/);
    expect(verifyBrokerPassword(pw, stored)).toBe(true);
    expect(verifyBrokerPassword(`${pw}x`, stored)).toBe(false);
    for (const bad of ['', 'plain', '$6$1$a$b', '$7$x$a$b', '$7$101$$'])
      expect(verifyBrokerPassword(pw, bad)).toBe(false);
  });
});
