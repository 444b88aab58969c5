import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const WORKER_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the worker as production runs it (`npm run build`: `dist/main.mjs`, decision 121), so a test of the built
 * process never runs a stale bundle; returns the entry point.
 */
export function buildWorker(): string {
  // the build script itself (`node ../tools/bundle.mjs …`), without npm in between
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const [, ...args] = String(manifest.scripts.build).split(/\s+/);
  execFileSync(process.execPath, args, { cwd: WORKER_DIR, stdio: 'pipe' });
  return fileURLToPath(new URL('../../dist/main.mjs', import.meta.url));
}

export interface WorkerProcess {
  readonly pid: number;
  /** The last 20,000 characters it logged, to show when a test fails. */
  readonly output: string;
  /**
   * Resolves when what it logs matches `pattern` (or rejects after `timeoutMs` with the log): anything since it
   * started, or with `fresh` only what it logs from now on.
   */
  waitForLog(pattern: RegExp, options?: { timeoutMs?: number; fresh?: boolean }): Promise<void>;
  /** Sends `signal` and waits until it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  readonly exited: boolean;
}

/**
 * The real worker (`src/main.ts`, or its production build) as a process of its own, for tests that kill it: what matters is what a crash
 * leaves behind, which an in-process stop cannot show.
 */
export function spawnWorker(env: Record<string, string>, options: { built?: string } = {}): WorkerProcess {
  // `built`: the production bundle (from `buildWorker`) run by plain node; else the sources through tsx
  const args = options.built ? [options.built] : ['--import', 'tsx', MAIN];
  return spawnNode(args, { cwd: WORKER_DIR, env: { NODE_ENV: 'test', LOG_LEVEL: 'info', ...env } });
}

/** The gateway simulator's command line (`npm run -w @ilumen/gateway-firmware sim`) as a process of its own. */
export function spawnSimulator(args: string[], env: Record<string, string> = {}): WorkerProcess {
  const index = createRequire(import.meta.url).resolve('@ilumen/gateway-firmware/sim');
  return spawnNode(['--import', 'tsx', join(dirname(index), 'sim.ts'), ...args], { cwd: WORKER_DIR, env });
}

/** `node <args>` as a process of its own, its output kept for the test. */
export function spawnNode(args: string[], o: { cwd: string; env?: Record<string, string> }): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: o.cwd,
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let total = 0;
  let exited = false;
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    const text = d.toString();
    total += text.length;
    output = (output + text).slice(-20_000);
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void gone.then(() => {
    exited = true;
    for (const l of listeners) l();
  });
  // a test runner that dies must not leave its worker behind
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  void gone.then(() => process.off('exit', reap));

  return {
    pid: child.pid ?? -1,
    get output() {
      return output;
    },
    get exited() {
      return exited;
    },
    waitForLog(pattern, { timeoutMs = 60_000, fresh = false } = {}) {
      const from = fresh ? total : 0;
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          const since = output.slice(Math.max(0, output.length - (total - from)));
          if (pattern.test(since)) {
            cleanup();
            resolve();
          } else if (exited) {
            cleanup();
            reject(new Error(`process exited before logging ${pattern}:\n${output.slice(-3000)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`process did not log ${pattern} within ${timeoutMs} ms:\n${output.slice(-3000)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async kill(signal = 'SIGTERM') {
      if (exited) return;
      child.kill(signal);
      await gone;
    },
  };
}
