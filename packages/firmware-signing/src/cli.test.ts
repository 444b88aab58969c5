import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-commands';
import { verifyDigest } from './signature';

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    env: {},
    cwd: dir,
    now: () => new Date('2026-11-27T10:00:00Z'),
  });
  return { code, out, err, json: () => JSON.parse(out) };
}

describe('firmware signing command', () => {
  it('makes keys, packs, signs and verifies a release; the private key file is private', async () => {
    const keygen = await run('keygen', '--out', 'keys/signing.key');
    expect(keygen.code).toBe(0);
    const { publicKey } = keygen.json();
    expect(statSync(join(dir, 'keys/signing.key')).mode & 0o077).toBe(0);
    expect((await run('keygen', '--out', 'keys/signing.key')).code).toBe(2);

    mkdirSync(join(dir, 'build'));
    writeFileSync(join(dir, 'build/gateway.mjs'), 'export {}\n');
    const pack = await run('pack', '--version', '1.6.0', '--hardware', 'A1', '--out', 'gw.ilfw', 'build');
    expect(pack.code).toBe(0);
    expect(pack.json().manifest).toMatchObject({ version: '1.6.0', hardwareRevisions: ['A1'] });

    const sign = await run('sign', '--key', 'keys/signing.key', 'gw.ilfw');
    expect(sign.code).toBe(0);
    const signed = sign.json();
    expect(signed).toMatchObject({
      version: '1.6.0',
      publicKey,
      sizeBytes: readFileSync(join(dir, 'gw.ilfw')).length,
    });
    expect(verifyDigest(publicKey, signed.sha256, signed.signature)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'gw.ilfw.sig.json'), 'utf8')).signature).toBe(signed.signature);

    expect((await run('verify', '--public-key', publicKey, 'gw.ilfw')).code).toBe(0);
    const other = (await run('keygen', '--out', 'keys/other.key')).json().publicKey;
    const wrong = await run('verify', '--public-key', other, 'gw.ilfw');
    expect(wrong.code).toBe(1);
    expect(wrong.json().ok).toBe(false);
  });

  it('says what is missing', async () => {
    const r = await run('sign', 'gw.ilfw');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--key FILE/);
    expect((await run('frobnicate')).code).toBe(2);
  });
});
