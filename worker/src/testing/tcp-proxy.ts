import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Connections passed through since the start. */
  readonly accepted: number;
  /**
   * The service "goes away" for whoever uses the proxy: open connections are cut and new ones are closed at once
   * (the client sees a lost connection), without touching the real service others share.
   */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP pass-through on a free loopback port to `target`, for making one process's MariaDB or Redis unavailable in a
 * test while the shared server keeps running for everybody else.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let down = false;
  let accepted = 0;
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = tcpConnect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    get accepted() {
      return accepted;
    },
    cut() {
      down = true;
      for (const s of open) s.destroy();
      open.clear();
    },
    restore() {
      down = false;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
