import { type Kysely, sql } from 'kysely';

// The console's address search at 100,000 sites (decision 170): a FULLTEXT index on the search column (address, name,
// owner; folded text) for whoever may see a site's people, and one on the address columns for the others (fleet
// staff, decision 081). A `LIKE '%word%'` over every row took 90 ms; the index finds the words' rows first. Never edit
// once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sites ADD FULLTEXT INDEX sites_search_text_ft (search_text)`.execute(db);
  await sql`ALTER TABLE sites ADD FULLTEXT INDEX sites_address_ft (street, house_number, postal_code, city, name)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sites DROP INDEX sites_address_ft`.execute(db);
  await sql`ALTER TABLE sites DROP INDEX sites_search_text_ft`.execute(db);
}
