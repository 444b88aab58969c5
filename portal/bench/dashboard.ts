import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { addDays, localDate, quarterStartsOfDay } from '@ilumen/energy';
import { systemActor } from '@ilumen/services';
import { writeQuarters } from '@ilumen/services/energy';
import { startPortal } from '../test/support/portal-harness';

/**
 * The homeowner dashboard under 50 concurrent homeowners (each on their own session and address): requests/s and
 * latency of the page and of its data loader, next to a bare route of the same server measured in the same run.
 * Goal: the data loader's p95 under 50 ms.
 */
const HOMEOWNERS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const out = (s: string) => process.stdout.write(`${s}\n`);
const here = path.dirname(fileURLToPath(import.meta.url));

// A pool the size the production portal uses (server/main.ts).
const h = await startPortal('bench_dashboard', { connectionLimit: 20 });
try {
  const sys = systemActor('bench');
  const today = localDate(Date.now());
  const cookies: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < HOMEOWNERS; i++) {
    const site = await h.services.sites.create(sys, {
      organizationId: h.world.orgs.instA,
      street: 'Benchstraat',
      houseNumber: String(i + 1),
      postalCode: '9000',
      city: 'Gent',
      gridPhases: 3,
      mainFuseA: 40,
    });
    const user = await h.services.users.provision(sys, {
      email: `bench${i}@home.test`,
      name: `Bench ${i}`,
      password: 'Bench-password-2026',
    });
    await h.services.members.provision(sys, { siteId: site.id, userId: user.id, role: 'owner' });
    await h.testDb.db
      .insertInto('tariffs')
      .values({
        site_id: site.id,
        effective_from: '2025-01-01',
        import_eur_per_kwh: '0.31000',
        export_eur_per_kwh: '0.04000',
      })
      .execute();
    for (let d = 1; d <= 60; d++) {
      await writeQuarters(
        h.testDb.db,
        quarterStartsOfDay(addDays(today, -d)).map((ts, q) => ({
          source: 'gateway' as const,
          siteId: site.id,
          ts: new Date(ts),
          importWh: 100 + (q % 7) * 20,
          exportWh: q > 40 && q < 60 ? 200 : 0,
          productionWh: q > 30 && q < 70 ? 350 : 0,
        })),
      );
    }
    cookies.push(await h.cookieFor(user.id));
    paths.push(`/app/sites/${site.id}`);
  }

  const run = async (name: string, pathOf: (i: number) => string) => {
    const file = path.join(tmpdir(), `bench-load-${process.pid}.json`);
    writeFileSync(
      file,
      JSON.stringify({ url: h.url, cookies, paths: cookies.map((_, i) => pathOf(i)), seconds: SECONDS }),
    );
    const result = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'load.ts'), file], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let outText = '';
      child.stdout.on('data', (c: Buffer) => {
        outText += c.toString();
      });
      child.once('exit', (code) =>
        code === 0 ? resolve(outText) : reject(new Error(`load exited ${code}`)),
      );
    });
    const r = JSON.parse(result) as { rps: number; p50: number; p975: number; p99: number; errors: number };
    return { name, rps: r.rps, p50: r.p50, p95: r.p975, p99: r.p99, errors: r.errors };
  };

  // Warm-up, then the three measurements.
  await run('warm-up', (i) => paths[i]!);
  const results = [
    await run('bare route (/healthz)', () => '/healthz'),
    await run('dashboard page (server-rendered HTML)', (i) => paths[i]!),
    await run('dashboard data loader (Remix single fetch)', (i) => `${paths[i]}.data`),
  ];

  // The loader's own work, in process: what the page waits for before it can render.
  const loaderTimes: number[] = [];
  const users = await h.testDb.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', 'like', 'bench%@home.test')
    .orderBy('id')
    .execute();
  const { loadUserActor } = await import('@ilumen/services');
  for (let round = 0; round < 20; round++) {
    await Promise.all(
      users.map(async (u, i) => {
        const a = (await loadUserActor(h.testDb.db, u.id))!;
        const siteId = Number(paths[i]!.split('/').pop());
        const t0 = performance.now();
        await Promise.all([
          h.services.homeowner.sites(a),
          h.services.notifications.unreadCount(a),
          h.services.homeowner.chargers(a),
          h.services.homeowner
            .site(a, { siteId })
            .then(() =>
              Promise.all([
                h.services.history.yesterday(a, { siteId }),
                h.services.history.monthlyNet(a, { siteId, months: 12 }),
              ]),
            ),
        ]);
        loaderTimes.push(performance.now() - t0);
      }),
    );
  }
  loaderTimes.sort((a, b) => a - b);
  const q = (p: number) => loaderTimes[Math.floor(p * loaderTimes.length)]!;

  out(
    `\nhomeowner dashboard, ${HOMEOWNERS} concurrent homeowners (own session and address each, 60 days of quarters), ${SECONDS} s per run`,
  );
  out(
    `${'request'.padEnd(46)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p97.5 ms'.padStart(9)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`,
  );
  for (const r of results)
    out(
      `${r.name.padEnd(46)} ${Math.round(r.rps).toString().padStart(8)} ${String(r.p50).padStart(8)} ${String(r.p95).padStart(9)} ${String(r.p99).padStart(8)} ${String(r.errors).padStart(7)}`,
    );
  out(
    `dashboard loader work in process, ${HOMEOWNERS} at once × 20 rounds: p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms (goal p95 < 50 ms)`,
  );
} finally {
  await h.close();
}
