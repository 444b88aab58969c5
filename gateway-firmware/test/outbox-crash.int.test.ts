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
    // mid-flight: thousands of appends, a dozen segment rolls (however slow the machine is today)
    const KILL_AFTER = 3000;
    let reported = 0;
    await new Promise<void>((resolve) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) if (/^\d+$/.test(line)) reported = Number(line);
        if (reported >= KILL_AFTER) resolve();
      });
    });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    const o = Outbox.open(dir, { maxBytes: 64 * 1024 * 1024, segmentBytes: 64 * 1024 });
    const entries = o.peek(undefined, 1_000_000);
    // at least every append the writer had finished when it said so, and then only whole ones
    expect(entries.length).toBeGreaterThanOrEqual(reported);
    entries.forEach((e, i) => {
      expect(e.id).toBe(i);
      expect(JSON.parse(e.payload).i).toBe(i);
    });
    // and it carries on from there
    expect(o.append({ topic: 't', payload: '{}', retain: false })).toBe(entries.length);
    o.close();
  }, 30_000);
});
