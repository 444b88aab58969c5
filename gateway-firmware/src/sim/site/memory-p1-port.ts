import type { OpenP1Port, P1PortHandlers } from '../../p1/p1-port';

/**
 * The simulator's end of a P1 cable: the simulated meter writes telegram bytes, the gateway's real P1 reader
 * (splitter, CRC, parser) reads them. Bytes written while nobody has the port open are lost, as on the wire.
 */
export class MemoryP1Port {
  private handlers: P1PortHandlers | null = null;
  bytesWritten = 0;

  constructor(
    /** Like a UART driver, hand the bytes over in chunks: the splitter must reassemble telegrams. */
    private readonly chunkBytes = 256,
  ) {}

  readonly open: OpenP1Port = async (handlers) => {
    this.handlers = handlers;
    return {
      close: async () => {
        if (this.handlers === handlers) this.handlers = null;
      },
    };
  };

  get isOpen(): boolean {
    return this.handlers !== null;
  }

  write(data: string | Uint8Array): void {
    const h = this.handlers;
    if (!h) return;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.bytesWritten += bytes.length;
    for (let i = 0; i < bytes.length; i += this.chunkBytes) h.onData(bytes.subarray(i, i + this.chunkBytes));
  }

  /** The cable is pulled: the reader sees the port go away. */
  unplug(): void {
    const h = this.handlers;
    this.handlers = null;
    h?.onClose(new Error('P1 cable unplugged'));
  }
}
