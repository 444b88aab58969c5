import {
  closeSync,
  fdatasync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { fsyncDir, readFileIfExists, writeFileAtomic } from '../runtime/atomic-file';

/** A QoS 1 message waiting for the broker's PUBACK. */
export interface OutboxMessage {
  topic: string;
  payload: string;
  retain: boolean;
}

export interface OutboxEntry extends OutboxMessage {
  /** Increases by one per appended message, across restarts. */
  id: number;
}

export interface OutboxOptions {
  /** Total bytes of segment files; beyond it the oldest segment is dropped and its unsent messages counted. */
  maxBytes: number;
  segmentBytes: number;
  /** Problems found while reading the files back (a torn last record after a power cut), for the log. */
  onWarning?: (message: string) => void;
}

export interface OutboxStats {
  /** Appended and not yet acknowledged. */
  pending: number;
  /** Bytes on disk, acknowledged records included until their segment goes. */
  diskBytes: number;
  segments: number;
  /** Messages dropped unsent because the buffer was full (since the buffer was created, persisted). */
  dropped: number;
  /** Records found damaged on open and skipped (a torn write). */
  damaged: number;
  appended: number;
  acked: number;
}

interface Segment {
  firstId: number;
  path: string;
  bytes: number;
  /** Records in it not acknowledged yet. */
  unacked: number;
}

interface Entry {
  id: number;
  segment: Segment;
  offset: number;
  length: number;
  acked: boolean;
}

/* Record: u32 body length, u32 CRC-32 of (id + body), u64 id, body = JSON [topic, payload, retain]. */
const HEADER = 16;
const SEGMENT_PREFIX = 'seg-';
const SEGMENT_SUFFIX = '.log';
const CURSOR_FILE = 'cursor.json';
/** Acks move the cursor often during a replay; it is written at most this often (a stale cursor only replays). */
const CURSOR_WRITE_DELAY_MS = 250;

function segmentName(firstId: number): string {
  return `${SEGMENT_PREFIX}${String(firstId).padStart(16, '0')}${SEGMENT_SUFFIX}`;
}

function encodeRecord(id: number, message: OutboxMessage): Buffer {
  const body = Buffer.from(JSON.stringify([message.topic, message.payload, message.retain]), 'utf8');
  const record = Buffer.allocUnsafe(HEADER + body.length);
  record.writeUInt32BE(body.length, 0);
  record.writeBigUInt64BE(BigInt(id), 8);
  body.copy(record, HEADER);
  record.writeUInt32BE(crc32(record.subarray(8)), 4);
  return record;
}

function decodeBody(body: Buffer): OutboxMessage | undefined {
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      typeof v[2] === 'boolean'
    ) {
      return { topic: v[0], payload: v[1], retain: v[2] };
    }
  } catch {
    // reported by the caller as damaged
  }
  return undefined;
}

/**
 * The store-and-forward buffer: an append-only log of QoS 1 messages in segment files, read back in order after a
 * broker outage or a restart. A message leaves only when `ack` says the broker acknowledged it; the cursor (first
 * unacknowledged id) is kept in a small file beside the segments. Bounded by bytes: when full, the oldest segment
 * goes and its unsent messages are counted as dropped — energy counters are cumulative, so a dropped quarter only
 * merges into the next one.
 *
 * Durability: a record is written with one write() before `append` returns (it survives a crash of the process),
 * and fdatasync'd once per event-loop turn (it survives a power cut shortly after). A torn last record is found by
 * its CRC on open and cut off.
 */
export class Outbox {
  private readonly segments: Segment[] = [];
  private readonly queue: Entry[] = [];
  private head = 0;
  private readonly byId = new Map<number, Entry>();
  private nextId = 0;
  private cursor = 0;
  private dropped = 0;
  private damaged = 0;
  private appended = 0;
  private ackedCount = 0;
  private activeFd: number | undefined;
  private syncScheduled = false;
  private cursorTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly dir: string,
    private readonly options: OutboxOptions,
  ) {}

  static open(dir: string, options: OutboxOptions): Outbox {
    mkdirSync(dir, { recursive: true });
    const outbox = new Outbox(dir, options);
    outbox.load();
    return outbox;
  }

  /** Called after each append (the sender wakes up). */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.queue.length - this.head;
  }

  stats(): OutboxStats {
    return {
      pending: this.size,
      diskBytes: this.segments.reduce((n, s) => n + s.bytes, 0),
      segments: this.segments.length,
      dropped: this.dropped,
      damaged: this.damaged,
      appended: this.appended,
      acked: this.ackedCount,
    };
  }

  append(message: OutboxMessage): number {
    if (this.closed) throw new Error('outbox is closed');
    const id = this.nextId;
    const record = encodeRecord(id, message);
    this.makeRoom(record.length);
    let segment = this.segments.at(-1);
    if (
      !segment ||
      this.activeFd === undefined ||
      (segment.bytes > 0 && segment.bytes + record.length > this.options.segmentBytes)
    ) {
      segment = this.roll(id);
    }
    const fd = this.activeFd!;
    writeSync(fd, record, 0, record.length, segment.bytes);
    const entry: Entry = { id, segment, offset: segment.bytes, length: record.length, acked: false };
    segment.bytes += record.length;
    segment.unacked++;
    this.queue.push(entry);
    this.byId.set(id, entry);
    this.nextId = id + 1;
    this.appended++;
    this.scheduleSync();
    for (const l of this.listeners) l();
    return id;
  }

  /** Pending entries in order, starting after `afterId` (or from the first), at most `limit`. */
  peek(afterId: number | undefined, limit: number): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    for (let i = this.head; i < this.queue.length && out.length < limit; i++) {
      const e = this.queue[i]!;
      if (e.acked || (afterId !== undefined && e.id <= afterId)) continue;
      const message = this.read(e);
      if (message) out.push({ id: e.id, ...message });
    }
    return out;
  }

  /** The broker acknowledged `id`. Unknown ids (already acked, or dropped while in flight) are ignored. */
  ack(id: number): void {
    const e = this.byId.get(id);
    if (!e || e.acked) return;
    e.acked = true;
    this.byId.delete(id);
    this.ackedCount++;
    e.segment.unacked--;
    while (this.head < this.queue.length && this.queue[this.head]!.acked) this.head++;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.cursor = this.head < this.queue.length ? this.queue[this.head]!.id : this.nextId;
    this.deleteFinishedSegments();
    this.scheduleCursorWrite();
  }

  /** Is `id` still waiting for its acknowledgement? */
  isPending(id: number): boolean {
    return this.byId.has(id);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.cursorTimer);
    if (this.activeFd !== undefined) {
      fsyncSync(this.activeFd);
      closeSync(this.activeFd);
      this.activeFd = undefined;
    }
    this.writeCursor(true);
    this.listeners.clear();
  }

  private read(e: Entry): OutboxMessage | undefined {
    const fd = openSync(e.segment.path, 'r');
    try {
      const buf = Buffer.allocUnsafe(e.length);
      readSync(fd, buf, 0, e.length, e.offset);
      return decodeBody(buf.subarray(HEADER));
    } finally {
      closeSync(fd);
    }
  }

  private roll(firstId: number): Segment {
    if (this.activeFd !== undefined) {
      fsyncSync(this.activeFd);
      closeSync(this.activeFd);
      this.activeFd = undefined;
    }
    const segment: Segment = { firstId, path: join(this.dir, segmentName(firstId)), bytes: 0, unacked: 0 };
    this.activeFd = openSync(segment.path, 'w');
    this.segments.push(segment);
    fsyncDir(this.dir);
    this.deleteFinishedSegments();
    return segment;
  }

  /** Drops the oldest segments until `incoming` more bytes fit under maxBytes. */
  private makeRoom(incoming: number): void {
    let total = this.segments.reduce((n, s) => n + s.bytes, 0);
    while (total + incoming > this.options.maxBytes && this.segments.length > 0) {
      const oldest = this.segments[0]!;
      const isActive = this.segments.length === 1;
      if (isActive) {
        // everything left is in the active segment: start a fresh one so the old one can go
        if (this.activeFd !== undefined) closeSync(this.activeFd);
        this.activeFd = undefined;
      }
      this.dropped += oldest.unacked;
      for (let i = this.head; i < this.queue.length; i++) {
        const e = this.queue[i]!;
        if (e.segment !== oldest) break;
        if (!e.acked) {
          e.acked = true;
          this.byId.delete(e.id);
        }
      }
      while (this.head < this.queue.length && this.queue[this.head]!.acked) this.head++;
      total -= oldest.bytes;
      this.segments.shift();
      unlinkSync(oldest.path);
      this.cursor = this.head < this.queue.length ? this.queue[this.head]!.id : this.nextId;
      this.writeCursor(false);
    }
  }

  private deleteFinishedSegments(): void {
    // the active (last) segment stays while open: it is being written
    while (this.segments.length > 1 && this.segments[0]!.unacked === 0) {
      const s = this.segments.shift()!;
      unlinkSync(s.path);
    }
  }

  private scheduleSync(): void {
    if (this.syncScheduled) return;
    this.syncScheduled = true;
    setImmediate(() => {
      this.syncScheduled = false;
      const fd = this.activeFd;
      if (fd !== undefined) fdatasync(fd, () => {});
    });
  }

  private scheduleCursorWrite(): void {
    if (this.cursorTimer) return;
    this.cursorTimer = setTimeout(() => {
      this.cursorTimer = undefined;
      if (!this.closed) this.writeCursor(false);
    }, CURSOR_WRITE_DELAY_MS);
    this.cursorTimer.unref();
  }

  private writeCursor(durable: boolean): void {
    const path = join(this.dir, CURSOR_FILE);
    const content = JSON.stringify({ cursor: this.cursor, nextId: this.nextId, dropped: this.dropped });
    if (durable) {
      writeFileAtomic(path, content);
      return;
    }
    // tmp + rename keeps the file whole after a process crash; after a power cut a stale cursor only replays
    const tmp = `${path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  }

  private load(): void {
    const warn = this.options.onWarning ?? (() => {});
    const cursorText = readFileIfExists(join(this.dir, CURSOR_FILE));
    if (cursorText !== undefined) {
      try {
        const c = JSON.parse(cursorText) as { cursor?: unknown; nextId?: unknown; dropped?: unknown };
        if (typeof c.cursor === 'number') this.cursor = c.cursor;
        if (typeof c.nextId === 'number') this.nextId = c.nextId;
        if (typeof c.dropped === 'number') this.dropped = c.dropped;
      } catch {
        warn('outbox cursor file is damaged: every stored message will be sent again');
      }
    }
    const names = readdirSync(this.dir)
      .filter((n) => n.startsWith(SEGMENT_PREFIX) && n.endsWith(SEGMENT_SUFFIX))
      .sort();
    names.forEach((name, index) => {
      const path = join(this.dir, name);
      const isLast = index === names.length - 1;
      const segment: Segment = {
        firstId: Number(name.slice(SEGMENT_PREFIX.length, -SEGMENT_SUFFIX.length)),
        path,
        bytes: 0,
        unacked: 0,
      };
      const fd = openSync(path, isLast ? 'r+' : 'r');
      try {
        const size = fstatSync(fd).size;
        const header = Buffer.allocUnsafe(HEADER);
        let offset = 0;
        while (offset + HEADER <= size) {
          readSync(fd, header, 0, HEADER, offset);
          const bodyLength = header.readUInt32BE(0);
          const length = HEADER + bodyLength;
          if (offset + length > size) break;
          const record = Buffer.allocUnsafe(length);
          readSync(fd, record, 0, length, offset);
          if (crc32(record.subarray(8)) !== record.readUInt32BE(4) || !decodeBody(record.subarray(HEADER)))
            break;
          const id = Number(record.readBigUInt64BE(8));
          if (id >= this.cursor) {
            const entry: Entry = { id, segment, offset, length, acked: false };
            this.queue.push(entry);
            this.byId.set(id, entry);
            segment.unacked++;
          }
          this.nextId = Math.max(this.nextId, id + 1);
          offset += length;
        }
        if (offset < size) {
          this.damaged++;
          warn(
            `outbox ${name}: ${size - offset} bytes after offset ${offset} are damaged (a torn write) and were cut off`,
          );
          if (isLast) ftruncateSync(fd, offset);
        }
        segment.bytes = offset;
      } finally {
        closeSync(fd);
      }
      if (segment.unacked === 0 && !isLast) unlinkSync(path);
      else this.segments.push(segment);
    });
    const last = this.segments.at(-1);
    if (last) {
      this.activeFd = openSync(last.path, 'r+');
    }
    this.cursor = this.queue.length > 0 ? this.queue[0]!.id : this.nextId;
  }
}
