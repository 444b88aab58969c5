import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadError, downloadWithResume } from './download';

const dir = mkdtempSync(join(tmpdir(), 'ota-dl-'));
const body = Buffer.alloc(300_000);
for (let i = 0; i < body.length; i++) body[i] = (i * 7919) % 251;
let server: Server;
let base: string;
const ranges: Array<string | undefined> = [];
let dropFirst = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    ranges.push(req.headers.range);
    if (req.url === '/missing') {
      res.writeHead(404).end();
      return;
    }
    if (req.url === '/too-long') {
      res.writeHead(200, { 'content-length': String(body.length) }).end(body);
      return;
    }
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const headers: Record<string, string> = {
      'accept-ranges': 'bytes',
      'content-length': String(body.length - start),
    };
    if (m) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    res.writeHead(m ? 206 : 200, headers);
    if (dropFirst > 0) {
      // a connection that dies half way
      dropFirst--;
      res.write(body.subarray(start, start + 100_000), () => res.destroy());
      return;
    }
    res.end(body.subarray(start));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('artifact download', () => {
  it('resumes with a Range request after the connection drops, and reports progress', async () => {
    ranges.length = 0;
    dropFirst = 2;
    const file = join(dir, 'a.ilfw');
    const progress: number[] = [];
    await downloadWithResume({
      url: `${base}/a`,
      file,
      sizeBytes: body.length,
      onProgress: (b) => progress.push(b),
      backoffMs: 5,
    });
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(
      createHash('sha256').update(body).digest('hex'),
    );
    expect(ranges).toEqual([undefined, 'bytes=100000-', 'bytes=200000-']);
    expect(progress.at(-1)).toBe(body.length);
    expect(existsSync(`${file}.part`)).toBe(false);
  });

  it('picks up a part file left by an earlier run', async () => {
    ranges.length = 0;
    dropFirst = 1;
    const file = join(dir, 'b.ilfw');
    await expect(
      downloadWithResume({ url: `${base}/b`, file, sizeBytes: body.length, attempts: 1 }),
    ).rejects.toThrow(DownloadError);
    expect(statSync(`${file}.part`).size).toBe(100_000);
    await downloadWithResume({ url: `${base}/b`, file, sizeBytes: body.length });
    expect(ranges).toEqual([undefined, 'bytes=100000-']);
    expect(readFileSync(file).equals(body)).toBe(true);
  });

  it('refuses more bytes than announced, and gives up at once on a missing file', async () => {
    await expect(
      downloadWithResume({ url: `${base}/too-long`, file: join(dir, 'c.ilfw'), sizeBytes: 1000 }),
    ).rejects.toThrow(/more than the 1000 bytes/);
    ranges.length = 0;
    await expect(
      downloadWithResume({ url: `${base}/missing`, file: join(dir, 'd.ilfw'), sizeBytes: 10, backoffMs: 1 }),
    ).rejects.toThrow(/HTTP 404/);
    expect(ranges).toHaveLength(1);
  });
});
