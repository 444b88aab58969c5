import { MAX_TELEGRAM_BYTES } from '@ilumen/p1';

export type DiscardReason =
  /** Bytes outside any telegram (line noise, a port opened mid-telegram). */
  | 'garbage'
  /** A telegram that a new `/` interrupted before its `!` line. */
  | 'truncated'
  /** A telegram that grew past the size limit without ending. */
  | 'overflow';

export interface SplitterHandlers {
  /** A whole telegram, `/` through the line end after the CRC; a copy the receiver may keep. */
  onTelegram(telegram: Buffer): void;
  onDiscard(reason: DiscardReason, bytes: number): void;
}

const SLASH = 47;
const BANG = 33;
const LF = 10;
/** Past this many bytes after `!` without a line end, the CRC line is handed over as is and the parser judges it. */
const MAX_CRC_LINE = 8;

// where in the stream we are
const HUNTING = 0;
const BODY = 1;
const CRC = 2;

/**
 * Cuts a serial byte stream into telegrams. A telegram starts at `/` (which appears nowhere else in DSMR: text
 * fields are hex) and ends at the line end after a `!` that starts a line. Memory is one fixed buffer: garbage is
 * counted, never stored, and a telegram that does not end within the limit is dropped.
 */
export class TelegramSplitter {
  private readonly buffer: Buffer;
  private length = 0;
  private state: number = HUNTING;
  private crcChars = 0;
  private garbage = 0;

  constructor(
    private readonly handlers: SplitterHandlers,
    maxBytes = MAX_TELEGRAM_BYTES,
  ) {
    this.buffer = Buffer.allocUnsafe(maxBytes);
  }

  /** Bytes held for a telegram not yet complete. */
  get pendingBytes(): number {
    return this.length;
  }

  push(chunk: Uint8Array): void {
    // hot loop on locals; fields are written back before any handler runs
    const buffer = this.buffer;
    const max = buffer.length;
    let length = this.length;
    let state = this.state;
    let crcChars = this.crcChars;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === SLASH) {
        if (state !== HUNTING) this.handlers.onDiscard('truncated', length);
        this.flushGarbage();
        buffer[0] = b;
        length = 1;
        state = BODY;
        continue;
      }
      if (state === HUNTING) {
        // line ends and NULs between telegrams are normal; anything else is noise
        if (b > 32 && ++this.garbage >= max) this.flushGarbage();
        continue;
      }
      if (length === max) {
        this.handlers.onDiscard('overflow', length);
        length = 0;
        state = HUNTING;
        continue;
      }
      buffer[length++] = b;
      if (state === BODY) {
        if (b === BANG && buffer[length - 2] === LF) {
          state = CRC;
          crcChars = 0;
        }
      } else if (b === LF || ++crcChars > MAX_CRC_LINE) {
        this.length = length;
        this.emit();
        length = 0;
        state = HUNTING;
      }
    }
    this.length = length;
    this.state = state;
    this.crcChars = crcChars;
  }

  /** Forget a partial telegram (the port was reopened); it is reported as truncated. */
  reset(): void {
    if (this.state !== HUNTING && this.length > 0) this.handlers.onDiscard('truncated', this.length);
    this.flushGarbage();
    this.length = 0;
    this.state = HUNTING;
  }

  private emit(): void {
    const telegram = Buffer.allocUnsafe(this.length);
    this.buffer.copy(telegram, 0, 0, this.length);
    this.length = 0;
    this.state = HUNTING;
    this.handlers.onTelegram(telegram);
  }

  private flushGarbage(): void {
    if (this.garbage > 0) {
      const n = this.garbage;
      this.garbage = 0;
      this.handlers.onDiscard('garbage', n);
    }
  }
}
