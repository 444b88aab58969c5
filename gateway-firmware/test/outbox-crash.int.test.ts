import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../src/mqtt/outbox';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const writer = fileURLToPath(new URL('./helpers/outbox-writer.ts', import.meta.url));

describe('outbox after a hard kill', () => {
  it('reads back a whole, gap-free prefix of what a SIGKILLed process appended', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-crash-'));
    dirs.push(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 400)); // mid-flight: thousands of appends, segment rolls
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    const o = Outbox.open(dir, { maxBytes: 64 * 1024 * 1024, segmentBytes: 64 * 1024 });
    const entries = o.peek(undefined, 1_000_000);
    expect(entries.length).toBeGreaterThan(500);
    entries.forEach((e, i) => {
      expect(e.id).toBe(i);
      expect(JSON.parse(e.payload).i).toBe(i);
    });
    // and it carries on from there
    expect(o.append({ topic: 't', payload: '{}', retain: false })).toBe(entries.length);
    o.close();
  }, 30_000);
});
