import { type Database, sql, type Transaction } from '@ilumen/db';
import type { ServiceDeps } from '../deps';

/**
 * How an address is found: one search column per site (`sites.search_text`: address, name, owner) and one way to cut
 * what a person types into the words it must all contain. The console's sites table, its global search, the mandates
 * and the alarms all search sites this way, so an address typed as the pages write it ("Molenstraat 18, 9200
 * Dendermonde") finds it everywhere.
 */

/** Lower case without accents, as the search column stores it ("Liège" finds "liege" and the reverse). */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The search column's text for a site. */
export function siteSearchText(parts: Array<string | null | undefined>): string {
  return foldForSearch(parts.filter(Boolean).join(' ')).slice(0, 600);
}

/** A text for `LIKE` taken as written: its `%`, `_` and `\\` are not wildcards. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The words of a search, at most five: split at spaces and at the commas and semicolons between an address's parts
 * ("Molenstraat 18, 9200 Dendermonde"), not inside a word, so an e-mail address or a serial stays one word and a
 * search for `%` looks for a percent sign.
 */
export function siteSearchWords(search: string): string[] {
  return foldForSearch(search)
    .split(/[\s,;]+/u)
    .filter(Boolean)
    .slice(0, 5);
}

/** `LIKE` patterns on the search column, one per word; a site matches when it matches them all. */
export function siteSearchPatterns(search: string): string[] {
  return siteSearchWords(search).map((w) => `%${likeEscape(w)}%`);
}

/**
 * What a search looks in: the search column (address, name, owner) for whoever may see a site's people, the address
 * and name only for the others (fleet staff, decision 081), so a person's name or e-mail address does not tell them
 * where that person lives. The address columns compare without case and accents, as the folded words do.
 */
export function siteSearchTarget(people: boolean, table: 'sites' | 's') {
  return people
    ? sql.ref<string>(`${table}.search_text`)
    : sql<string>`concat_ws(' ', ${sql.ref(`${table}.street`)}, ${sql.ref(`${table}.house_number`)}, ${sql.ref(`${table}.postal_code`)}, ${sql.ref(`${table}.city`)}, ${sql.ref(`${table}.name`)})`;
}

/** Keeps the console's search column in step with the site's address, name and main user's e-mail. */
export async function refreshSiteSearch(
  trx: Transaction<Database> | ServiceDeps['db'],
  siteId: number,
): Promise<void> {
  const site = await trx
    .selectFrom('sites')
    .select(['street', 'house_number', 'postal_code', 'city', 'name'])
    .where('id', '=', siteId)
    .executeTakeFirst();
  if (!site) return;
  const owner = await trx
    .selectFrom('site_members')
    .innerJoin('users', 'users.id', 'site_members.user_id')
    .select(['users.email', 'users.name'])
    .where('site_members.site_id', '=', siteId)
    .where('site_members.role', '=', 'owner')
    .executeTakeFirst();
  const text = siteSearchText([
    site.street,
    site.house_number,
    site.postal_code,
    site.city,
    site.name,
    owner?.email,
    owner?.name,
  ]);
  await trx.updateTable('sites').set({ search_text: text }).where('id', '=', siteId).execute();
}
