import { type Db, sql } from '@ilumen/db';

export interface RegisteredGateway {
  serial: string;
  siteId: number;
  gatewayId: number;
}

/** One installer, and a site with its gateway for each serial (last seen now, so the fleet counts as talking). */
export async function registerGateways(
  db: Db,
  serials: readonly string[],
): Promise<Map<string, RegisteredGateway>> {
  const org = await db
    .insertInto('organizations')
    .values({ kind: 'installer', name: 'I' })
    .executeTakeFirstOrThrow();
  const organizationId = Number(org.insertId);
  const out = new Map<string, RegisteredGateway>();
  for (const [i, serial] of serials.entries()) {
    const site = await db
      .insertInto('sites')
      .values({
        organization_id: organizationId,
        street: 'Teststraat',
        house_number: String(i + 1),
        postal_code: '9000',
        city: 'Gent',
      })
      .executeTakeFirstOrThrow();
    const gateway = await db
      .insertInto('gateways')
      .values({
        serial,
        site_id: Number(site.insertId),
        organization_id: organizationId,
        last_seen_at: new Date(),
      })
      .executeTakeFirstOrThrow();
    out.set(serial, { serial, siteId: Number(site.insertId), gatewayId: Number(gateway.insertId) });
  }
  return out;
}

/**
 * A transaction of its own that holds the energy counters' key range of one site (`SELECT … FOR UPDATE`) until
 * `release()`: the ingest's writes of that site's counters wait, as behind a slow energy batch of another process,
 * while plain reads go on as InnoDB lets them (a charge session's pricing reads the counters, decision 301).
 */
export async function holdSiteCounters(db: Db, siteId: number): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  let held!: () => void;
  const isHeld = new Promise<void>((r) => {
    held = r;
  });
  const holder = db.connection().execute(async (conn) => {
    await sql`START TRANSACTION`.execute(conn);
    await sql`SELECT ts FROM energy_counters WHERE site_id = ${siteId} FOR UPDATE`.execute(conn);
    held();
    await released;
    await sql`ROLLBACK`.execute(conn);
  });
  await Promise.race([isHeld, holder]);
  return {
    async release() {
      release();
      await holder;
    },
  };
}

/**
 * `LOCK TABLES <table> WRITE` on a connection of its own until `unlock()`: every other reader and writer of the table
 * waits, as behind a long migration or a stuck transaction.
 */
export async function lockTable(db: Db, table: string): Promise<{ unlock(): Promise<void> }> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => {
    locked = r;
  });
  const holder = db.connection().execute(async (conn) => {
    await sql.raw(`LOCK TABLES ${table} WRITE`).execute(conn);
    locked();
    await released;
    await sql`UNLOCK TABLES`.execute(conn);
  });
  await Promise.race([isLocked, holder]);
  return {
    async unlock() {
      release();
      await holder;
    },
  };
}
