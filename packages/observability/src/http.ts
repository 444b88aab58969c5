import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type Check, checkReadiness } from './health';
import type { Metrics } from './metrics';

export interface OpsEndpointsOptions {
  /** What /readyz checks: name → check (database, migrations, redis, broker, …). */
  checks: Record<string, Check>;
  metrics?: Metrics;
  /** Per check, before it counts as failed. */
  timeoutMs?: number;
  /** Say why a check failed (hosts, migration names): on an internal port only. Default true. */
  detail?: boolean;
}

/**
 * `/healthz` (the process answers: alive), `/readyz` (every dependency usable: 200, else 503 with which failed and
 * why) and `/metrics` (Prometheus text format). A plain Node handler, for the portal's Express app and the worker's
 * small HTTP port alike; answers false for any other path.
 */
export function opsEndpoints(
  options: OpsEndpointsOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (path === '/healthz') {
      send(res, 200, 'application/json', JSON.stringify({ ok: true }));
      return true;
    }
    if (path === '/readyz') {
      const readiness = await checkReadiness(options.checks, options.timeoutMs);
      const body =
        options.detail === false
          ? {
              ok: readiness.ok,
              checks: Object.fromEntries(Object.entries(readiness.checks).map(([k, v]) => [k, { ok: v.ok }])),
            }
          : readiness;
      send(res, readiness.ok ? 200 : 503, 'application/json', JSON.stringify(body));
      return true;
    }
    if (path === '/metrics' && options.metrics) {
      send(res, 200, options.metrics.registry.contentType, await options.metrics.render());
      return true;
    }
    return false;
  };
}

function send(res: ServerResponse, status: number, type: string, body: string) {
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.setHeader('cache-control', 'no-store');
  res.end(body);
}

/**
 * The internal HTTP port of a process (the worker's WORKER_HTTP_PORT, the portal's OPS_PORT): `/healthz`, `/readyz`
 * with reasons, `/metrics`; anything else 404. Not for the public: put it on a private interface or network.
 */
export async function startOpsServer(
  options: OpsEndpointsOptions & { port: number; host: string },
): Promise<{ port: number; close(): Promise<void> }> {
  const handle = opsEndpoints(options);
  const server = createServer((req, res) => {
    handle(req, res).then(
      (done) => {
        if (!done) send(res, 404, 'text/plain', 'not found');
      },
      (err) => send(res, 500, 'text/plain', err instanceof Error ? err.message : String(err)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
