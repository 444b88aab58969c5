import { readRealTelegram, realTelegrams } from '@ilumen/p1/testing';
import { describe, expect, it } from 'vitest';
import { type DiscardReason, TelegramSplitter } from './telegram-splitter';

const telegrams = Object.values(realTelegrams).map(readRealTelegram);

function collect(maxBytes?: number) {
  const out: Buffer[] = [];
  const discards: [DiscardReason, number][] = [];
  const splitter = new TelegramSplitter(
    { onTelegram: (t) => out.push(t), onDiscard: (reason, bytes) => discards.push([reason, bytes]) },
    maxBytes,
  );
  return { splitter, out, discards };
}

/** Deterministic chunk sizes 1…64, as a UART driver hands bytes over. */
function pushChunked(splitter: TelegramSplitter, stream: Buffer, seed = 7): void {
  let s = seed;
  for (let i = 0; i < stream.length; ) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (s % 64);
    splitter.push(stream.subarray(i, i + size));
    i += size;
  }
}

describe('TelegramSplitter', () => {
  it('cuts a chunked stream back into the exact telegrams', () => {
    const { splitter, out, discards } = collect();
    pushChunked(splitter, Buffer.concat(telegrams));
    expect(out).toEqual(telegrams);
    expect(discards).toEqual([]);
    expect(splitter.pendingBytes).toBe(0);
  });

  it('works one byte at a time', () => {
    const { splitter, out } = collect();
    for (const b of Buffer.concat(telegrams)) splitter.push(Uint8Array.of(b));
    expect(out).toEqual(telegrams);
  });

  it('skips garbage between telegrams and counts it, but not line ends or NULs', () => {
    const { splitter, out, discards } = collect();
    const [a, b] = telegrams as [Buffer, Buffer];
    pushChunked(
      splitter,
      Buffer.concat([Buffer.from('\x00\r\n#~xx'), a, Buffer.from('\r\n\r\nnoise!\r\n'), b]),
    );
    expect(out).toEqual([a, b]);
    expect(discards).toEqual([
      ['garbage', 4],
      ['garbage', 6],
    ]);
  });

  it('starting mid-telegram (port opened mid-way) it resyncs on the next /', () => {
    const { splitter, out, discards } = collect();
    const [a, b] = telegrams as [Buffer, Buffer];
    pushChunked(splitter, Buffer.concat([a.subarray(500), b]));
    expect(out).toEqual([b]);
    expect(discards).toHaveLength(1);
    expect(discards[0]?.[0]).toBe('garbage');
  });

  it('reports a telegram cut short by the next one (even mid-line) and keeps the next', () => {
    const { splitter, out, discards } = collect();
    const [a, b] = telegrams as [Buffer, Buffer];
    pushChunked(splitter, Buffer.concat([a.subarray(0, 333), b]));
    expect(out).toEqual([b]);
    expect(discards).toEqual([['truncated', 333]]);
  });

  it('keeps memory bounded: a telegram without end is dropped at the limit, then reading resumes', () => {
    const { splitter, out, discards } = collect(2048);
    const header = Buffer.from('/FLU5\\253769484_A\r\n');
    splitter.push(header);
    for (let i = 0; i < 100; i++) {
      splitter.push(Buffer.alloc(1000, 'a'));
      expect(splitter.pendingBytes).toBeLessThanOrEqual(2048);
    }
    splitter.push(telegrams[0]!);
    expect(discards[0]).toEqual(['overflow', 2048]);
    expect(discards.filter(([r]) => r === 'garbage').reduce((n, [, bytes]) => n + bytes, 0)).toBe(
      // everything after the limit, less the byte that hit it
      header.length + 100_000 - 2048 - 1,
    );
    expect(out).toEqual([telegrams[0]]);
  });

  it('hands over a CRC line that never ends, for the parser to refuse', () => {
    const { splitter, out } = collect();
    const a = telegrams[0]!;
    const bang = a.indexOf('!');
    splitter.push(Buffer.concat([a.subarray(0, bang + 1), Buffer.from('3AD7zzzzzzzzzzzz')]));
    expect(out).toHaveLength(1);
    expect(out[0]!.subarray(bang).toString()).toBe('!3AD7zzzzz');
  });

  it('reset drops a partial telegram as truncated', () => {
    const { splitter, out, discards } = collect();
    splitter.push(telegrams[0]!.subarray(0, 100));
    splitter.reset();
    splitter.push(telegrams[0]!.subarray(100));
    expect(out).toEqual([]);
    expect(discards[0]).toEqual(['truncated', 100]);
    expect(splitter.pendingBytes).toBe(0);
  });
});
