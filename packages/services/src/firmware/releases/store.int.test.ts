import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsArtifactStore } from './fs-store';
import { S3ArtifactStore } from './s3-store';
import { type ArtifactStore, ArtifactTooLargeError } from './store';

// Both artifact stores keep the same promises (decision 200): the folder, and a bucket of an S3-compatible server
// (s3rver on loopback, spoken to through the real SDK).
const root = mkdtempSync(join(tmpdir(), 'fw-stores-'));
const staging = join(root, 'staging');
let s3server: S3rver;
let endpoint: string;

beforeAll(async () => {
  s3server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: join(root, 's3'),
    configureBuckets: [{ name: 'firmware-test', configs: [] }],
  });
  const { port } = await s3server.run();
  endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await s3server?.close();
  rmSync(root, { recursive: true, force: true });
});

async function* chunksOf(bytes: Buffer, size = 1000): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

const stores: Array<[string, () => ArtifactStore, string]> = [
  ['a folder', () => new FsArtifactStore(join(root, 'dir')), join(root, 'dir')],
  [
    'an S3-compatible bucket',
    () =>
      new S3ArtifactStore({
        kind: 's3',
        bucket: 'firmware-test',
        prefix: 'releases/',
        region: 'eu-west-1',
        endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        stagingDir: staging,
      }),
    staging,
  ],
];

describe.each(stores)('firmware artifacts in %s', (_name, make, receivedIn) => {
  const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  it('keeps a checked upload under its digest, once, and serves it whole or by range', async () => {
    const store = make();
    const received = await store.receive(chunksOf(bytes), 10_000);
    expect(received).toMatchObject({ sha256, sizeBytes: bytes.length });
    expect(await store.open(sha256)).toBeNull();
    expect(await store.keep(received)).toBe(true);

    const again = await store.receive(chunksOf(bytes), 10_000);
    expect(await store.keep(again)).toBe(false);

    const stored = await store.open(sha256);
    expect(stored?.sizeBytes).toBe(bytes.length);
    expect(await readAll(await stored!.read())).toEqual(bytes);
    expect(await readAll(await stored!.read({ start: 4000, end: 4999 }))).toEqual(bytes.subarray(4000));
    expect(await store.open('f'.repeat(64))).toBeNull();
    expect(await store.open('../etc/passwd')).toBeNull();

    await store.remove(sha256);
    expect(await store.open(sha256)).toBeNull();
  });

  it('refuses an upload over the limit and leaves nothing behind, nor of a discarded one', async () => {
    const store = make();
    await expect(store.receive(chunksOf(bytes), 4000)).rejects.toBeInstanceOf(ArtifactTooLargeError);
    const received = await store.receive(chunksOf(bytes), 10_000);
    await store.discard(received);
    expect(await store.open(sha256)).toBeNull();
    expect(readdirSync(receivedIn).filter((f) => f.startsWith('.incoming-'))).toEqual([]);
  });
});
