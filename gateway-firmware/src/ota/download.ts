import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { backoffDelayMs } from '@ilumen/timing';

export class DownloadError extends Error {
  override readonly name = 'DownloadError';
}

export interface DownloadOptions {
  url: string;
  /** Where the finished file goes; `<file>.part` holds what arrived so far, and a new attempt resumes from it. */
  file: string;
  sizeBytes: number;
  /** Called as bytes arrive (total so far). */
  onProgress?: (bytes: number) => void;
  /** Attempts in all (each resumes where the last stopped). */
  attempts?: number;
  /** No byte for this long (real ms): the attempt is abandoned and resumed. */
  idleTimeoutMs?: number;
  /** Real ms before attempt n+1: `backoffMs * 2^n`, at most a minute. */
  backoffMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new DownloadError('download cancelled'));
    });
  });

/**
 * Downloads `url` to `file`, resuming with an HTTP Range request after a dropped connection or a restart (the `.part`
 * file stays). Never writes past `sizeBytes`: a server sending more is refused. Returns when the file is complete, or
 * throws DownloadError after the last attempt.
 */
export async function downloadWithResume(o: DownloadOptions): Promise<void> {
  const part = `${o.file}.part`;
  const attempts = o.attempts ?? 6;
  const doFetch = o.fetch ?? fetch;
  let lastError = 'no attempt made';
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (o.signal?.aborted) throw new DownloadError('download cancelled');
    if (attempt > 0)
      await sleep(backoffDelayMs(attempt, { baseMs: o.backoffMs ?? 1000, maxMs: 60_000 }), o.signal);
    let have = existsSync(part) ? statSync(part).size : 0;
    if (have > o.sizeBytes) have = 0;
    if (have === o.sizeBytes) break;
    const idle = new AbortController();
    const onAbort = () => idle.abort();
    o.signal?.addEventListener('abort', onAbort);
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), o.idleTimeoutMs ?? 30_000);
    };
    let fd: number | undefined;
    try {
      arm();
      const res = await doFetch(o.url, {
        headers: have > 0 ? { range: `bytes=${have}-` } : {},
        signal: idle.signal,
      });
      if (res.status === 416 && have > 0) {
        // what we hold is already the whole file (or the server disagrees): start over
        await res.body?.cancel();
        have = 0;
        truncateSync(part, 0);
        lastError = 'server refused the range';
        continue;
      }
      if (res.status !== 200 && res.status !== 206) {
        await res.body?.cancel();
        lastError = `HTTP ${res.status}`;
        // 4xx other than a timeout will not get better by asking again
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
          throw new DownloadError(`download refused: ${lastError}`);
        continue;
      }
      let offset = have;
      if (res.status === 206) {
        const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get('content-range') ?? '');
        if (!range || Number(range[1]) !== have) {
          await res.body?.cancel();
          lastError = 'server answered another range';
          offset = 0;
          truncateSync(part, 0);
          continue;
        }
      } else offset = 0;
      fd = openSync(part, offset === 0 ? 'w' : 'a');
      if (!res.body) throw new DownloadError('empty response');
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arm();
        if (offset + value.byteLength > o.sizeBytes) {
          await reader.cancel();
          throw new DownloadError(`the server sent more than the ${o.sizeBytes} bytes announced`);
        }
        writeSync(fd, value);
        offset += value.byteLength;
        o.onProgress?.(offset);
      }
      fsyncSync(fd);
      if (offset === o.sizeBytes) break;
      lastError = `connection ended at ${offset} of ${o.sizeBytes} bytes`;
    } catch (err) {
      if (err instanceof DownloadError) throw err;
      if (o.signal?.aborted) throw new DownloadError('download cancelled');
      lastError = idle.signal.aborted ? 'no data for too long' : (err as Error).message;
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      if (fd !== undefined) closeSync(fd);
    }
  }
  const have = existsSync(part) ? statSync(part).size : 0;
  if (have !== o.sizeBytes)
    throw new DownloadError(`download failed after ${attempts} attempts: ${lastError}`);
  renameSync(part, o.file);
}
