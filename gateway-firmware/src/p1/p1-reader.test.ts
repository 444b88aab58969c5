import type { P1Reading } from '@ilumen/p1';
import { readEditedTelegram, readRealTelegram, realTelegrams } from '@ilumen/p1/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OpenP1Port, P1Logger, P1PortHandlers } from './p1-port';
import { P1Reader } from './p1-reader';

/** A P1 port at the physical edge: the test decides when it opens, what bytes arrive and when it goes away. */
class FakePort {
  handlers: P1PortHandlers | undefined;
  failOpens = 0;
  opens = 0;
  closes = 0;
  readonly open: OpenP1Port = async (handlers) => {
    this.opens++;
    if (this.failOpens > 0) {
      this.failOpens--;
      throw new Error('ENOENT: no such file /dev/ttyUSB0');
    }
    this.handlers = handlers;
    return {
      close: async () => {
        this.closes++;
        this.handlers = undefined;
      },
    };
  };

  send(bytes: Buffer): void {
    if (!this.handlers) throw new Error('port not open');
    // as a UART would: in uneven pieces
    for (let i = 0; i < bytes.length; i += 97) this.handlers.onData(bytes.subarray(i, i + 97));
  }

  unplug(): void {
    const h = this.handlers;
    this.handlers = undefined;
    h?.onClose(new Error('disconnected'));
  }
}

function recordingLogger() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const logger: P1Logger = {
    info: (obj, msg) => lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  };
  return { logger, lines };
}

const good = readRealTelegram(realTelegrams.v171Alt);
const readers: P1Reader[] = [];

function setup(onReading: (r: P1Reading) => void = () => {}) {
  const port = new FakePort();
  const { logger, lines } = recordingLogger();
  const readings: P1Reading[] = [];
  const reader = new P1Reader({
    open: port.open,
    logger,
    onReading: (r) => {
      readings.push(r);
      onReading(r);
    },
    now: () => new Date('2023-11-02T11:15:49.000Z'),
    reconnectDelayMs: { min: 2, max: 8 },
  });
  readers.push(reader);
  return { port, reader, lines, readings };
}

afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.stop()));
});

describe('P1Reader', () => {
  it('reads good telegrams and counts, logs and skips every bad one', async () => {
    const { port, reader, lines, readings } = setup();
    reader.start();
    await vi.waitFor(() => expect(reader.connected).toBe(true));

    port.send(good);
    port.send(readEditedTelegram('bad-crc.raw'));
    port.send(Buffer.from('%%line noise%%'));
    port.send(readEditedTelegram('cut-short.raw')); // interrupted by the next telegram
    port.send(readEditedTelegram('garbage-line.raw'));
    port.send(readEditedTelegram('garbled-value.raw'));
    port.send(good);

    expect(readings.map((r) => r.importT1Wh)).toEqual([301548, 301548]);
    expect(reader.stats()).toMatchObject({
      good: 2,
      badCrc: 1,
      truncated: 1,
      garbled: 2,
      garbageBytes: 13, // '%%line noise%%' less its space
      portOpens: 1,
      lastGoodAt: '2023-11-02T11:15:49.000Z',
    });
    const refusals = lines.filter((l) => l.msg === 'p1 telegram refused').map((l) => l.obj.code);
    expect(refusals).toEqual(['crc_mismatch', 'garbage', 'truncated', 'garbled', 'bad_value']);
    const crc = lines.find((l) => l.obj.code === 'crc_mismatch');
    expect(crc?.obj.reason).toMatch(/telegram says C4B0/);
  });

  it('keeps the last telegram for support, refused or not', async () => {
    const { port, reader } = setup();
    reader.start();
    await vi.waitFor(() => expect(reader.connected).toBe(true));
    expect(reader.lastTelegram()).toBeNull();
    port.send(good);
    expect(reader.lastTelegram()).toMatchObject({ ok: true, telegram: good.toString('latin1') });
    port.send(readEditedTelegram('bad-crc.raw'));
    expect(reader.lastTelegram()).toMatchObject({ ok: false, reason: expect.stringMatching(/CRC mismatch/) });
  });

  it('retries a port that is not there, backing off, until it appears', async () => {
    const { port, reader, lines } = setup();
    port.failOpens = 3;
    reader.start();
    await vi.waitFor(() => expect(reader.connected).toBe(true));
    expect(port.opens).toBe(4);
    const waits = lines.filter((l) => l.msg === 'p1 port could not be opened').map((l) => l.obj.retryInMs);
    expect(waits).toEqual([2, 4, 8]);
    port.send(good);
    expect(reader.stats().good).toBe(1);
  });

  it('reopens a port that goes away mid-telegram, counting the cut telegram', async () => {
    const { port, reader, readings } = setup();
    reader.start();
    await vi.waitFor(() => expect(reader.connected).toBe(true));
    port.send(good.subarray(0, 600));
    port.unplug();
    expect(reader.connected).toBe(false);
    await vi.waitFor(() => expect(reader.connected).toBe(true));
    port.send(good);
    expect(readings).toHaveLength(1);
    expect(reader.stats()).toMatchObject({ good: 1, truncated: 1, portOpens: 2, portLosses: 1 });
  });

  it('goes on reading when the reading handler throws', async () => {
    let calls = 0;
    const { port, reader, lines } = setup(() => {
      calls++;
      throw new Error('downstream bug');
    });
    reader.start();
    await vi.waitFor(() => expect(reader.connected).toBe(true));
    port.send(good);
    port.send(good);
    expect(calls).toBe(2);
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(2);
  });

  it('stop closes the port and does not reopen it', async () => {
    const { port, reader } = setup();
    reader.start();
    await vi.waitFor(() => expect(reader.connected).toBe(true));
    await reader.stop();
    expect(port.closes).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(port.opens).toBe(1);
  });
});
