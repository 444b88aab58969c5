import { createServer } from 'node:net';
import {
  brokerCheck,
  createMetrics,
  databaseCheck,
  migrationsCheck,
  redisCheck,
} from '@ilumen/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeLabel } from '../server/app';
import { type PortalHarness, startPortal } from './support/portal-harness';

/**
 * The portal's probes as a load balancer calls them: alive, ready while its dependencies answer; the public app says
 * which check failed but never why (hosts, migration names), and has no /metrics (that is on the ops port).
 */

let h: PortalHarness;
let silent: ReturnType<typeof createServer>;
let silentPort: number;
beforeAll(async () => {
  h = await startPortal('ops');
  // a port that accepts connections and closes them: no broker there
  silent = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
}, 120_000);
afterAll(async () => {
  await h?.close();
  silent?.close();
});

describe("the portal's health and readiness", () => {
  it('is alive and ready, and counts requests per route with ids made generic', async () => {
    const metrics = createMetrics('portal');
    const db = h.services.deps.db;
    const portal = await h.serveAlso({
      readiness: {
        database: databaseCheck(db),
        migrations: migrationsCheck(db),
        redis: redisCheck(h.redis),
        broker: brokerCheck(h.broker?.url ?? `mqtt://127.0.0.1:${silentPort}`),
      },
      metrics,
    });
    try {
      expect((await fetch(`${portal.url}/healthz`)).status).toBe(200);
      // no broker in this harness: readiness answers which check failed, and not why
      const res = await fetch(`${portal.url}/readyz`);
      expect(res.status).toBe(503);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({
        ok: false,
        checks: {
          database: { ok: true },
          migrations: { ok: true },
          redis: { ok: true },
          broker: { ok: false },
        },
      });
      expect((await fetch(`${portal.url}/metrics`)).status).toBe(404);
      await (await fetch(`${portal.url}/reset-password/abcdefABCDEF0123456789xyz`)).text();
      const text = await metrics.render();
      expect(text).toMatch(/ilumen_http_request_duration_seconds_count\{[^}]*route="\/readyz",status="503"/);
      expect(text).toMatch(/route="\/reset-password\/:id"/);
      expect(text).not.toContain('abcdefABCDEF');
    } finally {
      await portal.close();
    }
  });

  it('is ready when every check passes', async () => {
    const portal = await h.serveAlso({ readiness: { database: databaseCheck(h.services.deps.db) } });
    try {
      const res = await fetch(`${portal.url}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, checks: { database: { ok: true } } });
    } finally {
      await portal.close();
    }
  });
});

describe('route labels for metrics', () => {
  it.each([
    ['/console/sites/123/edit', 200, '/console/sites/:id/edit'],
    ['/api/live/42', 200, '/api/live/:id'],
    ['/firmware/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 200, '/firmware/:id'],
    ['/console/gateways/ILS-24A00017', 200, '/console/gateways/:id'],
    ['/api/trpc/sites.list,sites.get', 200, '/api/trpc/sites.list+'],
    ['/assets/root-abc123.js', 200, '/assets'],
    ['/wp-login.php', 404, '(not found)'],
    ['/', 200, '/'],
  ])('%s (%i) → %s', (path, status, label) => {
    expect(routeLabel(path, status)).toBe(label);
  });
});
