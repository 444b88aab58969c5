import { parseEnv } from '@ilumen/config';
import { z } from 'zod';
import { ensureDatabase } from './admin';
import { createDb, databaseName } from './connection';
import { createMigrator, migrateToLatest } from './migrator';

// `npm run migrate` (latest), `npm run migrate -- down` (undo the last one), `npm run migrate -- status`.
const env = parseEnv(z.object({ DATABASE_URL: z.string().default('mysql://root@127.0.0.1:3306/ilumen') }));
const command = process.argv[2] ?? 'latest';

await ensureDatabase(env.DATABASE_URL);
const db = createDb({ url: env.DATABASE_URL, connectionLimit: 1 });
try {
  if (command === 'latest') {
    const result = await migrateToLatest(db);
    const applied = result.results?.filter((r) => r.status === 'Success') ?? [];
    process.stdout.write(
      applied.length
        ? applied.map((r) => `applied ${r.migrationName}\n`).join('')
        : `${databaseName(env.DATABASE_URL)} is up to date\n`,
    );
  } else if (command === 'down') {
    const result = await createMigrator(db).migrateDown();
    if (result.error) throw result.error;
    process.stdout.write(
      result.results?.map((r) => `reverted ${r.migrationName}\n`).join('') || 'nothing to revert\n',
    );
  } else if (command === 'status') {
    for (const m of await createMigrator(db).getMigrations()) {
      process.stdout.write(`${m.executedAt ? 'applied' : 'pending'}  ${m.name}\n`);
    }
  } else {
    process.stderr.write(`unknown command "${command}" (use latest, down or status)\n`);
    process.exitCode = 2;
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
