/*
 * The small part of POSIX ustar the artifacts need: regular files and directories, names up to 255 bytes (prefix +
 * name), written deterministically (fixed owner, mode and time) so the same inputs give the same bytes and digest.
 * Readers refuse everything else (links, devices, pax headers), so an artifact can only ever create plain files
 * inside the folder it is unpacked into.
 */

const BLOCK = 512;

export interface TarEntryHeader {
  name: string;
  type: 'file' | 'dir';
  size: number;
  mode: number;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0');
}

function writeString(buf: Buffer, offset: number, width: number, s: string): void {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length > width) throw new Error(`tar field too long: ${s}`);
  bytes.copy(buf, offset);
}

function splitName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { prefix, name: rest };
  }
  throw new Error(`path too long for ustar: ${name}`);
}

export function tarHeader(h: TarEntryHeader, mtimeS: number): Buffer {
  const buf = Buffer.alloc(BLOCK, 0);
  const { prefix, name } = splitName(h.type === 'dir' && !h.name.endsWith('/') ? `${h.name}/` : h.name);
  writeString(buf, 0, 100, name);
  writeString(buf, 100, 8, `${octal(h.mode, 8)}\0`);
  writeString(buf, 108, 8, `${octal(0, 8)}\0`);
  writeString(buf, 116, 8, `${octal(0, 8)}\0`);
  writeString(buf, 124, 12, `${octal(h.type === 'dir' ? 0 : h.size, 12)}\0`);
  writeString(buf, 136, 12, `${octal(mtimeS, 12)}\0`);
  buf.fill(0x20, 148, 156);
  buf[156] = h.type === 'dir' ? 0x35 : 0x30;
  writeString(buf, 257, 6, 'ustar\0');
  writeString(buf, 263, 2, '00');
  writeString(buf, 345, 155, prefix);
  let sum = 0;
  for (const b of buf) sum += b;
  writeString(buf, 148, 8, `${octal(sum, 7)}\0 `.slice(0, 8));
  return buf;
}

export function tarPadding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest, 0);
}

export const TAR_END = Buffer.alloc(BLOCK * 2, 0);

function readString(buf: Buffer, offset: number, width: number): string {
  const slice = buf.subarray(offset, offset + width);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul < 0 ? width : nul).toString('utf8');
}

function readOctal(buf: Buffer, offset: number, width: number): number {
  const s = readString(buf, offset, width).trim();
  if (!/^[0-7]*$/.test(s)) throw new Error('corrupt tar header (not octal)');
  return s === '' ? 0 : Number.parseInt(s, 8);
}

/** Parses one header block; null for an all-zero block (the end). Throws on a corrupt or unsupported header. */
export function parseTarHeader(block: Buffer): TarEntryHeader | null {
  if (block.every((b) => b === 0)) return null;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  if (sum !== readOctal(block, 148, 8)) throw new Error('corrupt tar header (checksum)');
  if (readString(block, 257, 6) !== 'ustar') throw new Error('not a ustar archive');
  const prefix = readString(block, 345, 155);
  const raw = readString(block, 0, 100);
  const name = (prefix ? `${prefix}/${raw}` : raw).replace(/\/$/, '');
  const flag = String.fromCharCode(block[156] ?? 0);
  const type = flag === '0' || flag === '\0' ? 'file' : flag === '5' ? 'dir' : null;
  if (!type) throw new Error(`unsupported tar entry type ${JSON.stringify(flag)} for ${name}`);
  return { name, type, size: type === 'dir' ? 0 : readOctal(block, 124, 12), mode: readOctal(block, 100, 8) };
}

export interface TarSink {
  write(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
}

export interface TarReadLimits {
  maxEntries?: number;
  maxBytes?: number;
}

/**
 * Reads a tar stream entry by entry: `onEntry` returns where the entry's bytes go (or null to skip them) and may
 * return `'stop'` to end early. Throws on corruption, on a stream that ends mid-entry, and past the limits.
 */
export async function readTar(
  chunks: AsyncIterable<Buffer>,
  onEntry: (header: TarEntryHeader) => TarSink | null | 'stop' | Promise<TarSink | null | 'stop'>,
  limits: TarReadLimits = {},
): Promise<{ entries: number; bytes: number; ended: boolean }> {
  const maxEntries = limits.maxEntries ?? 10_000;
  const maxBytes = limits.maxBytes ?? 1024 ** 3;
  let pending: Buffer = Buffer.alloc(0);
  let entries = 0;
  let bytes = 0;
  let current: { sink: TarSink | null; left: number; pad: number } | null = null;
  for await (const chunk of chunks) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (current) {
        if (current.left > 0) {
          if (pending.length === 0) break;
          const take = Math.min(current.left, pending.length);
          await current.sink?.write(pending.subarray(0, take));
          pending = pending.subarray(take);
          current.left -= take;
          if (current.left > 0) break;
        }
        if (pending.length < current.pad) break;
        pending = pending.subarray(current.pad);
        await current.sink?.end();
        current = null;
      }
      if (pending.length < BLOCK) break;
      const header = parseTarHeader(pending.subarray(0, BLOCK));
      pending = pending.subarray(BLOCK);
      if (!header) return { entries, bytes, ended: true };
      entries++;
      bytes += header.size;
      if (entries > maxEntries) throw new Error(`archive has more than ${maxEntries} entries`);
      if (bytes > maxBytes) throw new Error(`archive holds more than ${maxBytes} bytes`);
      const sink = await onEntry(header);
      if (sink === 'stop') return { entries, bytes, ended: false };
      current = { sink, left: header.size, pad: tarPadding(header.size).length };
    }
  }
  if (current) throw new Error('archive ends in the middle of an entry');
  throw new Error('archive ends without its end marker');
}
