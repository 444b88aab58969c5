import { type Kysely, sql } from 'kysely';

// The Belgian bill (decision 131): a home's supply contracts, each from a day; the network costs and levies per grid
// operator area as dated rate tables; and the area a site is in when the installer sets it (else its postal code
// decides). Never edit once landed.

const now = sql`CURRENT_TIMESTAMP(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('supply_contracts')
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    /** The contract's terms as `@ilumen/energy/bill` reads them (decimal strings). */
    .addColumn('terms', 'json', (c) => c.notNull())
    .addColumn('created_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('supply_contracts_pk', ['site_id', 'effective_from'])
    .execute();
  await db.schema
    .createTable('network_rates')
    .addColumn('area', 'varchar(40)', (c) => c.notNull())
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('rates', 'json', (c) => c.notNull())
    .addColumn('updated_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('network_rates_pk', ['area', 'effective_from'])
    .execute();
  await db.schema.alterTable('sites').addColumn('grid_area', 'varchar(40)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sites').dropColumn('grid_area').execute();
  await db.schema.dropTable('network_rates').execute();
  await db.schema.dropTable('supply_contracts').execute();
}
