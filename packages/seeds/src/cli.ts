import { commonEnv, parseEnv } from '@ilumen/config';
import { migrateToLatest } from '@ilumen/db/migrator';
import { openServices } from '@ilumen/services/runtime';
import { z } from 'zod';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from './index';

// `npm run -w @ilumen/seeds seed`: migrates, then adds whatever of the demo world is missing.
const env = parseEnv(z.object(commonEnv));
const runtime = openServices({
  databaseUrl: env.DATABASE_URL,
  redisUrl: env.REDIS_URL,
  redisPrefix: env.REDIS_PREFIX,
  publicUrl: env.PUBLIC_URL,
});
try {
  await migrateToLatest(runtime.services.deps.db);
  const report = await seedDemo(runtime.services);
  process.stdout.write(
    `demo data: ${report.users} users, ${report.sites} sites, ${report.devices} devices ` +
      `(new: ${report.created.users} users, ${report.created.sites} sites, ${report.created.devices} devices)\n`,
  );
  process.stdout.write(
    `demo logins (password ${DEMO_PASSWORD}):\n${DEMO_LOGINS.map((l) => `  ${l.email.padEnd(28)} ${l.role}`).join('\n')}\n`,
  );
} catch (error) {
  process.stderr.write(`seeding failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await runtime.close();
}
