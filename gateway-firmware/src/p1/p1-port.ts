/**
 * The physical edge, kept small so tests feed bytes without hardware. `open` resolves once bytes can flow and
 * rejects when the port is not there; `onClose` fires once when an open port goes away (unplugged, read error) —
 * not when we close it ourselves.
 */
export interface P1PortHandlers {
  onData(chunk: Uint8Array): void;
  onClose(error?: Error): void;
}

export interface P1PortConnection {
  close(): Promise<void>;
}

export type OpenP1Port = (handlers: P1PortHandlers) => Promise<P1PortConnection>;

/** The part of a pino logger the P1 code uses (pino's own signature: object first, then the message). */
export interface P1Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
