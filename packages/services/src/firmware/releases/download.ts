import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FirmwareReleaseService } from './releases';

/** `bytes=start-`, `bytes=start-end` or `bytes=-suffix` against a file of `size` bytes; null when not satisfiable. */
export function parseRange(header: string, size: number): { start: number; end: number } | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start <= end && start < size ? { start, end } : null;
}

/**
 * `GET /firmware/<sha256>`: a stored release's artifact, for gateways (no login: the name is its digest, the content
 * is signed, and firmware is not a secret). Range requests let a gateway resume an interrupted download; the content
 * never changes under a digest, so it is cached for good. Plain Node (req, res), so the portal mounts it and tests
 * serve it without the portal.
 */
export function firmwareDownloadHandler(firmware: Pick<FirmwareReleaseService, 'artifact'>) {
  return async (req: IncomingMessage, res: ServerResponse, sha256: string): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const artifact = await firmware.artifact(sha256.toLowerCase());
    if (!artifact) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const size = artifact.sizeBytes;
    const etag = `"${sha256.toLowerCase()}"`;
    const headers: Record<string, string> = {
      'accept-ranges': 'bytes',
      'content-type': 'application/octet-stream',
      'cache-control': 'public, max-age=31536000, immutable',
      etag,
    };
    const rangeHeader = req.headers.range;
    // If-Range with another validator: the client's part belongs to something else, send the whole file
    const ifRange = req.headers['if-range'];
    let range: { start: number; end: number } | null = null;
    if (rangeHeader && (!ifRange || ifRange === etag)) {
      range = parseRange(rangeHeader, size);
      if (!range) {
        res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` }).end();
        return;
      }
    }
    if (range) {
      res.writeHead(206, {
        ...headers,
        'content-range': `bytes ${range.start}-${range.end}/${size}`,
        'content-length': String(range.end - range.start + 1),
      });
    } else {
      res.writeHead(200, { ...headers, 'content-length': String(size) });
    }
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    let stream: Awaited<ReturnType<typeof artifact.read>>;
    try {
      stream = await artifact.read(range ?? undefined);
    } catch {
      res.destroy();
      return;
    }
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  };
}
