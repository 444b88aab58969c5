import type { P1Reading } from '@ilumen/p1';
import { readRealTelegram, realTelegrams } from '@ilumen/p1/testing';
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { P1Logger } from './p1-port';
import { P1Reader } from './p1-reader';
import { serialP1Port } from './serial-port';

const path = '/dev/ttyP1TEST';
// the binding as serialport itself loads it (importing @serialport/binding-mock from ESM would give a second copy)
const MockBinding = SerialPortMock.binding;
const quiet: P1Logger = { info: () => {}, warn: () => {}, error: () => {} };

afterEach(() => {
  MockBinding.reset();
});

describe('serialP1Port over serialport (mock binding)', () => {
  it('opens 115200 8N1, reads telegrams, and reopens when the device comes back after going away', async () => {
    MockBinding.createPort(path, { echo: false, record: false });
    const ports: SerialPortMock[] = [];
    const open = serialP1Port(path, (options) => {
      const port = new SerialPortMock(options);
      ports.push(port);
      return port;
    });
    const readings: P1Reading[] = [];
    const reader = new P1Reader({
      open,
      logger: quiet,
      onReading: (r) => readings.push(r),
      reconnectDelayMs: { min: 5, max: 20 },
    });
    reader.start();
    try {
      await vi.waitFor(() => expect(reader.connected).toBe(true));
      expect(ports[0]?.port?.openOptions).toMatchObject({
        baudRate: 115200,
        dataBits: 8,
        parity: 'none',
        stopBits: 1,
      });

      ports[0]!.port!.emitData(readRealTelegram(realTelegrams.v171));
      await vi.waitFor(() => expect(readings).toHaveLength(1));
      expect(readings[0]?.gas?.m3).toBe(112.384);

      // the USB adapter is pulled: the device node disappears and the open port closes under us
      MockBinding.reset();
      ports[0]!.close();
      await vi.waitFor(() => expect(reader.stats().portLosses).toBe(1));
      await new Promise((r) => setTimeout(r, 30));
      expect(reader.connected).toBe(false);

      MockBinding.createPort(path, { echo: false, record: false });
      await vi.waitFor(() => expect(reader.connected).toBe(true));
      const latest = ports.at(-1)!;
      latest.port!.emitData(readRealTelegram(realTelegrams.v50be));
      await vi.waitFor(() => expect(readings).toHaveLength(2));
      expect(reader.stats()).toMatchObject({ good: 2, portOpens: 2, portLosses: 1 });
    } finally {
      await reader.stop();
    }
    expect(ports.at(-1)!.isOpen).toBe(false);
  });

  it('rejects when the device does not exist', async () => {
    const open = serialP1Port('/dev/nothing-here', (options) => new SerialPortMock(options));
    await expect(open({ onData: () => {}, onClose: () => {} })).rejects.toThrow(/does not exist/);
  });
});
