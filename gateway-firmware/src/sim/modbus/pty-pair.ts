import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** Two serial-port paths wired to each other. */
  a: string;
  b: string;
  close(): Promise<void>;
}

export function hasSocat(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** A pseudo-terminal pair from socat: a null-modem cable in software, for RTU tests without hardware. */
export async function createPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'ilumen-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const proc: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100 && !(existsSync(a) && existsSync(b)); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  if (!existsSync(a) || !existsSync(b)) {
    proc.kill();
    throw new Error('socat did not create the pty pair');
  }
  return {
    a,
    b,
    async close() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
