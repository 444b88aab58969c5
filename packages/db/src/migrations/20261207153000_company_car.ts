import { type Kysely, sql } from 'kysely';

// The contract comparison's offers (decision 191) and the company car charged at home (decision 192): the CREG's
// quarterly reference rates per region, which chargers charge a company car and for which employer, and every monthly
// statement sent (archived with its PDF and CSV, a correction as a new version). Never edit once landed.

const now = sql`CURRENT_TIMESTAMP(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  // Contract offers a home's year is compared under, kept by staff; `terms` as `@ilumen/energy/bill` reads them.
  await db.schema
    .createTable('contract_offers')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('terms', 'json', (c) => c.notNull())
    .addColumn('updated_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('contract_offers_name_uq', ['name'])
    .execute();

  // The CREG's reference rate per region and calendar quarter, € per kWh incl. VAT.
  await db.schema
    .createTable('creg_rates')
    .addColumn('region', sql`enum('flanders','brussels','wallonia')`, (c) => c.notNull())
    .addColumn('quarter', 'char(7)', (c) => c.notNull()) // 2025-Q3
    .addColumn('eur_per_kwh', 'decimal(7, 4)', (c) => c.notNull())
    .addColumn('updated_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('creg_rates_pk', ['region', 'quarter'])
    .execute();

  // A charger that charges a company car: whose employer gets the monthly statement, in which language.
  await db.schema
    .createTable('company_cars')
    .addColumn('device_id', 'bigint', (c) =>
      c.unsigned().primaryKey().references('devices.id').onDelete('cascade'),
    )
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('employer_email', 'varchar(254)', (c) => c.notNull())
    .addColumn('region', sql`enum('flanders','brussels','wallonia')`, (c) => c.notNull())
    .addColumn('locale', sql`enum('nl','fr','en')`, (c) => c.notNull())
    .addColumn('updated_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('company_cars_site_idx').on('company_cars').column('site_id').execute();

  // Every statement made: version 1 is the month's statement, a higher version a correction (a rate published late).
  await db.schema
    .createTable('company_car_statements')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('device_id', 'bigint', (c) =>
      c.unsigned().notNull().references('devices.id').onDelete('cascade'),
    )
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('month', 'char(7)', (c) => c.notNull())
    .addColumn('version', sql`smallint unsigned`, (c) => c.notNull())
    .addColumn('region', sql`enum('flanders','brussels','wallonia')`, (c) => c.notNull())
    // The rate applied, its quarter, and whether it is the month's own quarter (else the latest published, to correct).
    .addColumn('rate_quarter', 'char(7)')
    .addColumn('eur_per_kwh', 'decimal(7, 4)')
    .addColumn('rate_final', 'boolean', (c) => c.notNull())
    .addColumn('sessions', 'integer', (c) => c.unsigned().notNull())
    .addColumn('energy_wh', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('total_eur', 'decimal(10, 2)')
    .addColumn('difference_eur', 'decimal(10, 2)')
    .addColumn('employer_email', 'varchar(254)', (c) => c.notNull())
    .addColumn('locale', sql`enum('nl','fr','en')`, (c) => c.notNull())
    .addColumn('pdf', sql`mediumblob`, (c) => c.notNull())
    .addColumn('csv', sql`mediumtext`, (c) => c.notNull())
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('sent_at', sql`datetime(3)`)
    .addUniqueConstraint('company_car_statements_uq', ['device_id', 'month', 'version'])
    .execute();
  await db.schema
    .createIndex('company_car_statements_site_idx')
    .on('company_car_statements')
    .columns(['site_id', 'month'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('company_car_statements').execute();
  await db.schema.dropTable('company_cars').execute();
  await db.schema.dropTable('creg_rates').execute();
  await db.schema.dropTable('contract_offers').execute();
}
