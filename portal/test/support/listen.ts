import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReservedServer {
  server: Server;
  port: number;
  url: string;
  /** Hands the requests to the app, once it exists. */
  serve(app: RequestListener): void;
  close(): Promise<void>;
}

/**
 * An HTTP server listening from the start on a port of its own (a free one unless `port` is given), so that nothing
 * takes the port while a harness starts its database and services: a port only looked up and closed again (`freePort`)
 * can be given meanwhile to any other connection of the machine, and the later `listen` then fails (EADDRINUSE).
 */
export async function reservedServer(port = 0): Promise<ReservedServer> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    serve(app) {
      server.on('request', app);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
