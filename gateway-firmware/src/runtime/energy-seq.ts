import { join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from './atomic-file';

/** The `seq` of energy messages: one more per message, kept in the data dir so a restart continues it. */
export class EnergySeq {
  private readonly path: string;
  private last: number;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'energy-seq.json');
    const text = readFileIfExists(this.path);
    let last = -1;
    if (text !== undefined) {
      try {
        const v = (JSON.parse(text) as { seq?: unknown }).seq;
        if (typeof v === 'number' && Number.isInteger(v) && v >= 0) last = v;
      } catch {
        // a damaged file restarts the count; the ingest sees a jump, which only says "gap", never loses energy
      }
    }
    this.last = last;
  }

  next(): number {
    this.last++;
    writeFileAtomic(this.path, JSON.stringify({ seq: this.last }));
    return this.last;
  }
}
