import { SerialPort } from 'serialport';
import type { OpenP1Port, P1PortConnection } from './p1-port';

/** DSMR 5 / e-MUCS: 115200 baud, 8 data bits, no parity, 1 stop bit. */
export const P1_SERIAL_SETTINGS = { baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 } as const;

export interface SerialPortOptions {
  path: string;
  baudRate: number;
  dataBits: 8;
  parity: 'none';
  stopBits: 1;
  autoOpen: false;
}

/** What we use of a serialport stream; `SerialPort` and `SerialPortMock` both fit. */
export interface SerialStream {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  close(callback?: (err: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'close', listener: (err: Error | null) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
}

export type CreateSerialStream = (options: SerialPortOptions) => SerialStream;

const createSerialPort: CreateSerialStream = (options) => new SerialPort(options);

/**
 * Opens the meter's serial device. The data line is inverted by the opto-coupler on the P1 port; the cable or
 * board inverts it back, so nothing here needs to. `create` is replaced in tests by serialport's mock binding.
 */
export function serialP1Port(path: string, create: CreateSerialStream = createSerialPort): OpenP1Port {
  return (handlers) =>
    new Promise<P1PortConnection>((resolve, reject) => {
      const port = create({ path, ...P1_SERIAL_SETTINGS, autoOpen: false });
      let open = false;
      let closingOnPurpose = false;
      let reported = false;
      const lost = (error?: Error) => {
        if (reported || closingOnPurpose) return;
        reported = true;
        handlers.onClose(error);
      };
      port.on('data', (chunk) => handlers.onData(chunk));
      port.on('close', (err) => lost(err ?? undefined));
      // an 'error' without a listener would crash the process; after open it means the port is unusable
      port.on('error', (err) => {
        if (!open) return;
        if (port.isOpen) port.close(() => lost(err));
        else lost(err);
      });
      port.open((err) => {
        if (err) {
          reject(err);
          return;
        }
        open = true;
        resolve({
          close: () =>
            new Promise<void>((done) => {
              closingOnPurpose = true;
              if (port.isOpen) port.close(() => done());
              else done();
            }),
        });
      });
    });
}
