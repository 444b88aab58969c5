import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from './outbox';
import { OutboxSender } from './outbox-sender';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'outbox-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const msg = (i: number) => ({
  topic: `t/${i}`,
  payload: JSON.stringify({ i, pad: 'x'.repeat(100) }),
  retain: false,
});

describe('Outbox', () => {
  it('keeps messages in order until acknowledged, across a reopen', () => {
    const dir = tempDir();
    const a = Outbox.open(dir, { maxBytes: 1 << 20, segmentBytes: 4096 });
    for (let i = 0; i < 50; i++) a.append(msg(i));
    for (let i = 0; i < 20; i++) a.ack(i);
    a.close();

    const b = Outbox.open(dir, { maxBytes: 1 << 20, segmentBytes: 4096 });
    expect(b.size).toBe(30);
    const entries = b.peek(undefined, 100);
    expect(entries.map((e) => e.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 20));
    expect(entries[0]).toMatchObject({ topic: 't/20', retain: false });
    expect(JSON.parse(entries[0]!.payload).i).toBe(20);
    // ids keep growing after a restart
    expect(b.append(msg(99))).toBe(50);
    b.close();
  });

  it('deletes a segment once every record in it is acknowledged', () => {
    const dir = tempDir();
    const o = Outbox.open(dir, { maxBytes: 1 << 20, segmentBytes: 1024 });
    for (let i = 0; i < 40; i++) o.append(msg(i));
    const before = o.stats().segments;
    expect(before).toBeGreaterThan(3);
    for (let i = 0; i < 40; i++) o.ack(i);
    expect(o.stats()).toMatchObject({ pending: 0, segments: 1, acked: 40 });
    o.close();
    expect(readdirSync(dir).filter((n) => n.endsWith('.log'))).toHaveLength(1);
  });

  it('drops the oldest segment when full and counts what it dropped', () => {
    const dir = tempDir();
    const o = Outbox.open(dir, { maxBytes: 8192, segmentBytes: 2048 });
    for (let i = 0; i < 200; i++) o.append(msg(i));
    const s = o.stats();
    expect(s.diskBytes).toBeLessThanOrEqual(8192);
    expect(s.dropped).toBeGreaterThan(0);
    expect(s.pending + s.dropped).toBe(200);
    // what is left is the newest, still in order
    const left = o.peek(undefined, 1000).map((e) => e.id);
    expect(left.at(-1)).toBe(199);
    expect(left).toEqual([...left].sort((x, y) => x - y));
    expect(left[0]).toBe(200 - s.pending);
    o.close();
    const again = Outbox.open(dir, { maxBytes: 8192, segmentBytes: 2048 });
    expect(again.stats().dropped).toBe(s.dropped);
    again.close();
  });

  it('cuts off a torn last record after a crash and keeps the whole ones', () => {
    const dir = tempDir();
    const o = Outbox.open(dir, { maxBytes: 1 << 20, segmentBytes: 1 << 16 });
    for (let i = 0; i < 5; i++) o.append(msg(i));
    o.close();
    const seg = readdirSync(dir).find((n) => n.endsWith('.log'))!;
    const size = statSync(join(dir, seg)).size;
    // half a record: a header promising 500 bytes and only 10 of them
    const torn = Buffer.alloc(26);
    torn.writeUInt32BE(500, 0);
    appendFileSync(join(dir, seg), torn);

    const warnings: string[] = [];
    const r = Outbox.open(dir, {
      maxBytes: 1 << 20,
      segmentBytes: 1 << 16,
      onWarning: (m) => warnings.push(m),
    });
    expect(r.size).toBe(5);
    expect(r.stats().damaged).toBe(1);
    expect(warnings[0]).toMatch(/torn write/);
    expect(statSync(join(dir, seg)).size).toBe(size);
    // appending after the cut continues cleanly
    r.append(msg(5));
    r.close();
    const s = Outbox.open(dir, { maxBytes: 1 << 20, segmentBytes: 1 << 16 });
    expect(s.peek(undefined, 10).map((e) => e.id)).toEqual([0, 1, 2, 3, 4, 5]);
    s.close();
  });
});

describe('OutboxSender', () => {
  it('sends in order within its window, acks on success, resends from the first unacked after a failure', () => {
    const dir = tempDir();
    const o = Outbox.open(dir, { maxBytes: 1 << 20, segmentBytes: 4096 });
    const calls: { id: number; done: (err?: Error) => void }[] = [];
    const sender = new OutboxSender(o, (entry, done) => calls.push({ id: entry.id, done }), { window: 3 });
    for (let i = 0; i < 6; i++) o.append(msg(i));
    expect(calls).toHaveLength(0); // not connected yet
    sender.resume();
    expect(calls.map((c) => c.id)).toEqual([0, 1, 2]);
    calls[0]!.done();
    expect(calls.map((c) => c.id)).toEqual([0, 1, 2, 3]);
    // the client was ended: everything in flight comes back with an error
    calls[1]!.done(new Error('Connection closed'));
    calls[2]!.done(new Error('Connection closed'));
    calls[3]!.done(new Error('Connection closed'));
    expect(calls.slice(4).map((c) => c.id)).toEqual([1, 2, 3]);
    // a PUBACK with a failure reason code is final: counted and removed, not retried
    calls[4]!.done(Object.assign(new Error('Publish error: Not authorized'), { code: 0x87 }));
    expect(sender.rejected).toBe(1);
    expect(o.isPending(1)).toBe(false);
    sender.close();
    o.close();
  });
});
