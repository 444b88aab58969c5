import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A Redis of a test's own, without persistence, that the test may stop and start again on the same port. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Starts it (empty: nothing is saved). */
  start(): Promise<void>;
  /** `kill -9`: whatever it held is gone. */
  kill(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const reap = () => child?.kill('SIGKILL');
  process.once('exit', reap);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      // ready once it answers (or failed, with what it said)
      const started = child;
      for (;;) {
        if (started.exitCode !== null)
          throw new Error(`redis-server on ${port} exited (${started.exitCode})`);
        const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
        probe.on('error', () => undefined);
        const answered = await probe
          .connect()
          .then(() => probe.ping())
          .then(
            () => true,
            () => false,
          );
        probe.disconnect();
        if (answered) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.kill('SIGKILL');
      await gone;
      child = null;
    },
  };
}
