import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Connection, createConnection } from 'mysql2/promise';
import { dropDatabase, ensureDatabase, listDatabases } from './admin';
import { createDb, type Db, databaseName, poolOptions } from './connection';
import { migrateToLatest } from './migrator';

export interface TestDb {
  db: Db;
  url: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

const SERVER = process.env.TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306/';

/**
 * A fresh, migrated database of its own for one test file (or one test worker), on the local MariaDB.
 * Names start with `t_` so stale ones from crashed runs can be swept by `sweepTestDatabases`.
 */
export async function createTestDb(
  label = 'test',
  options: { connectionLimit?: number } = {},
): Promise<TestDb> {
  const safe = label.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 30);
  const name = `t_${safe}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = new URL(name, SERVER).toString();
  await ensureDatabase(url);
  await copySchema(await migratedTemplate(), url);
  const db = createDb({ url, connectionLimit: options.connectionLimit ?? 5 });
  // a no-op on the copy (its migration table came along); it would migrate the rest if the copy were behind
  await migrateToLatest(db);
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      await dropDatabase(url);
    },
  };
}

/** Drops test databases older than `maxAgeMs` (left behind by killed runs). */
export async function sweepTestDatabases(maxAgeMs = 6 * 3600_000): Promise<number> {
  const names = await listDatabases(SERVER, 't_');
  let dropped = 0;
  for (const name of names) {
    const stamp = name.split('_').at(-2);
    const created = stamp ? Number.parseInt(stamp, 36) : Number.NaN;
    if (Number.isFinite(created) && Date.now() - created > maxAgeMs) {
      await dropDatabase(new URL(name, SERVER).toString());
      dropped++;
    }
  }
  return dropped;
}

/**
 * Migrating a database takes a test file seconds (fifty tables, one migration at a time); copying a migrated one a
 * fraction of that. The first test on a machine migrates a template database once for the migrations as they are
 * (their files' hash names it), under a server-wide lock so parallel workers wait for one another; every test database
 * is then a copy of it: tables, their rows (the migration table, reference rows) and triggers.
 */
async function migratedTemplate(): Promise<string> {
  const dir = fileURLToPath(new URL('./migrations/', import.meta.url));
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(dir + file));
  const name = `ilumen_tpl_${hash.digest('hex').slice(0, 16)}`;
  const url = new URL(name, SERVER).toString();
  const conn = await serverConnection(url);
  try {
    const [[lock]] = (await conn.query('SELECT GET_LOCK(?, 600) AS ok', [name])) as unknown as [
      Array<{ ok: number | null }>,
    ];
    if (lock?.ok !== 1) throw new Error(`waited 10 minutes for the test database template ${name}`);
    const [ready] = (await conn.query(
      'SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?',
      [name, TEMPLATE_READY],
    )) as unknown as [unknown[]];
    if (ready.length === 0) {
      // a template left half-made by a killed run is made again
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await ensureDatabase(url);
      const db = createDb({ url, connectionLimit: 1 });
      try {
        await migrateToLatest(db);
      } finally {
        await db.destroy();
      }
      await conn.query(`CREATE TABLE \`${name}\`.\`${TEMPLATE_READY}\` (id INT)`);
    }
    await conn.query('SELECT RELEASE_LOCK(?)', [name]);
  } finally {
    await conn.end();
  }
  return name;
}

/** The template's mark that its migrations ran to the end; not copied. */
const TEMPLATE_READY = 'template_ready';

/** What makes a copy of the template: read once per process, as its tables and triggers do not change. */
const copyScripts = new Map<string, Promise<{ tables: string; rows: string; triggers: string[] }>>();

async function readCopyScript(conn: Connection, template: string) {
  const [tables] = (await conn.query(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' AND table_name <> ?",
    [template, TEMPLATE_READY],
  )) as unknown as [Array<{ t: string }>];
  const creates: string[] = [];
  for (const { t } of tables) {
    const [[row]] = (await conn.query(`SHOW CREATE TABLE \`${template}\`.\`${t}\``)) as unknown as [
      Array<Record<string, string>>,
    ];
    creates.push(row!['Create Table']!);
  }
  const [names] = (await conn.query(`SHOW TRIGGERS FROM \`${template}\``)) as unknown as [
    Array<{ Trigger: string }>,
  ];
  const triggers: string[] = [];
  for (const { Trigger } of names) {
    const [[row]] = (await conn.query(`SHOW CREATE TRIGGER \`${template}\`.\`${Trigger}\``)) as unknown as [
      Array<Record<string, string>>,
    ];
    triggers.push(row!['SQL Original Statement']!);
  }
  return {
    tables: creates.join(';\n'),
    rows: tables.map(({ t }) => `INSERT INTO \`${t}\` SELECT * FROM \`${template}\`.\`${t}\``).join(';\n'),
    triggers,
  };
}

/** Copies the template's tables (definitions, rows) and triggers into the empty database at `url`. */
async function copySchema(template: string, url: string): Promise<void> {
  const conn = await serverConnection(url, { database: databaseName(url), multipleStatements: true });
  try {
    let script = copyScripts.get(template);
    if (!script) {
      script = readCopyScript(conn, template);
      copyScripts.set(template, script);
    }
    const { tables, rows, triggers } = await script;
    await conn.query('SET FOREIGN_KEY_CHECKS = 0');
    await conn.query(tables);
    await conn.query(rows);
    // one at a time: a trigger's body has semicolons of its own
    for (const trigger of triggers) await conn.query(trigger);
  } finally {
    await conn.end();
  }
}

function serverConnection(
  url: string,
  extra: { database?: string; multipleStatements?: boolean } = {},
): Promise<Connection> {
  const { host, port, user, password } = poolOptions(url);
  return createConnection({ host, port, user, password, ...extra });
}
