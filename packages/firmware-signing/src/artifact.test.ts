import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ArtifactError, extractArtifact, packArtifact, readArtifactManifest } from './artifact';
import { digestOf } from './digest';
import { healthFaultFor } from './manifest';
import { TAR_END, tarHeader, tarPadding } from './tar';

const dir = mkdtempSync(join(tmpdir(), 'fw-artifact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const manifest = {
  format: 1 as const,
  version: '1.5.0',
  hardwareRevisions: ['A1', 'B2'],
  createdAt: '2026-11-27T10:00:00.000Z',
};
const files = [
  { path: 'gateway.mjs', data: Buffer.from('console.log("gateway 1.5.0")\n') },
  { path: 'lib/deep/native.node', data: Buffer.alloc(70_000, 7), executable: true },
];

describe('release artifacts', () => {
  it('packs deterministically, and tar itself reads what we wrote', async () => {
    const a = packArtifact(manifest, files);
    const b = packArtifact(manifest, [...files].reverse());
    expect((await digestOf([a.bytes])).sha256).toBe((await digestOf([b.bytes])).sha256);
    const file = join(dir, 'a.ilfw');
    writeFileSync(file, a.bytes);
    const listing = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(['manifest.json', 'gateway.mjs', 'lib/', 'lib/deep/', 'lib/deep/native.node']);
  });

  it('reads the manifest first and unpacks plain files with their modes', async () => {
    const file = join(dir, 'b.ilfw');
    writeFileSync(file, packArtifact(manifest, files).bytes);
    expect(await readArtifactManifest(file)).toMatchObject({ version: '1.5.0', entry: 'gateway.mjs' });
    const dest = join(dir, 'slot-b');
    const m = await extractArtifact(file, dest);
    expect(m.hardwareRevisions).toEqual(['A1', 'B2']);
    expect(readFileSync(join(dest, 'gateway.mjs'), 'utf8')).toContain('1.5.0');
    expect(readFileSync(join(dest, 'lib/deep/native.node'))).toEqual(files[1]!.data);
    expect(statSync(join(dest, 'lib/deep/native.node')).mode & 0o111).not.toBe(0);
    expect(JSON.parse(readFileSync(join(dest, 'manifest.json'), 'utf8')).version).toBe('1.5.0');
  });

  it('refuses archives that would write outside the folder, links, and cut-off files', async () => {
    const evil = (name: string, type: 'file' | 'dir' = 'file') => {
      const m = Buffer.from(JSON.stringify(manifest));
      const body = Buffer.from('x');
      return gzipSync(
        Buffer.concat([
          tarHeader({ name: 'manifest.json', type: 'file', size: m.length, mode: 0o644 }, 0),
          m,
          tarPadding(m.length),
          tarHeader({ name, type, size: body.length, mode: 0o644 }, 0),
          body,
          tarPadding(1),
          TAR_END,
        ]),
      );
    };
    for (const name of ['../escape', 'a/../../escape', '/etc/passwd']) {
      const file = join(dir, 'evil.ilfw');
      writeFileSync(file, evil(name));
      await expect(extractArtifact(file, join(dir, `evil-${Math.random()}`))).rejects.toThrow(ArtifactError);
    }
    // a symlink entry (type 2)
    const link = gunzipSync(evil('link'));
    const header = link.subarray(1024, 1536);
    header[156] = 0x32;
    header.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    writeFileSync(join(dir, 'link.ilfw'), gzipSync(link));
    await expect(extractArtifact(join(dir, 'link.ilfw'), join(dir, 'link-out'))).rejects.toThrow(
      /unsupported tar entry/,
    );
    // cut short
    const whole = packArtifact(manifest, files).bytes;
    writeFileSync(join(dir, 'cut.ilfw'), gzipSync(gunzipSync(whole).subarray(0, 3000)));
    await expect(extractArtifact(join(dir, 'cut.ilfw'), join(dir, 'cut-out'))).rejects.toThrow(ArtifactError);
    // not an artifact at all
    writeFileSync(join(dir, 'junk.ilfw'), Buffer.from('hello'));
    await expect(readArtifactManifest(join(dir, 'junk.ilfw'))).rejects.toThrow(/not a firmware artifact/);
  });

  it('refuses a manifest that is missing, not first, or not valid', async () => {
    expect(() => packArtifact({ ...manifest, version: 'v2' }, files)).toThrow();
    expect(() => packArtifact({ ...manifest, entry: 'missing.mjs' }, files)).toThrow(/entry/);
    const body = Buffer.from('x');
    const noManifest = gzipSync(
      Buffer.concat([
        tarHeader({ name: 'gateway.mjs', type: 'file', size: 1, mode: 0o644 }, 0),
        body,
        tarPadding(1),
        TAR_END,
      ]),
    );
    await expect(readArtifactManifest(noManifest)).rejects.toThrow(/first entry must be manifest.json/);
    const bad = Buffer.from('{"format":1,"version":"1.5.0"}');
    const badManifest = gzipSync(
      Buffer.concat([
        tarHeader({ name: 'manifest.json', type: 'file', size: bad.length, mode: 0o644 }, 0),
        bad,
        tarPadding(bad.length),
        TAR_END,
      ]),
    );
    await expect(readArtifactManifest(badManifest)).rejects.toThrow(/hardwareRevisions/);
  });

  it('picks a stable share of serials for a drill fault', () => {
    const m = packArtifact({ ...manifest, healthFault: { check: 'p1', sharePct: 30 } }, files).manifest;
    const serials = Array.from({ length: 1000 }, (_, i) => `ILS-SIM${String(i).padStart(5, '0')}`);
    const hit = serials.filter((s) => healthFaultFor(m, s) === 'p1');
    expect(hit.length).toBeGreaterThan(250);
    expect(hit.length).toBeLessThan(350);
    expect(serials.filter((s) => healthFaultFor(m, s) === 'p1')).toEqual(hit);
    expect(healthFaultFor(packArtifact(manifest, files).manifest, serials[0]!)).toBeNull();
  });
});
