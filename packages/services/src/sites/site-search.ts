import { type Database, sql, type Transaction } from '@ilumen/db';
import type { Expression, SqlBool } from 'kysely';
import type { ServiceDeps } from '../deps';

/**
 * How an address is found: one search column per site (`sites.search_text`: address, name, owner) and one way to cut
 * what a person types into the words it must all contain. The console's sites table, its global search, the mandates
 * and the alarms all search sites this way, so an address typed as the pages write it ("Molenstraat 18, 9200
 * Dendermonde") finds it everywhere. A FULLTEXT index finds the rows first (decision 170).
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

/**
 * Words the FULLTEXT index leaves out (InnoDB's default stop words of three letters or more); shorter words are not
 * indexed at all (`innodb_ft_min_token_size`, 3 on MariaDB and MySQL 8), longer ones than `innodb_ft_max_token_size`
 * neither. Such words are matched by `LIKE` alone.
 */
const FT_STOPWORDS = new Set(
  'about are com for from how that the this was what when where who will with und www'.split(' '),
);
const FT_MIN = 3;
const FT_MAX = 84;

/**
 * The FULLTEXT (boolean mode) query for a search: every indexed piece of every word must start a word of the row
 * ("molen" finds "Molenstraat", "9200" the postal code, "eigenaar0123@example.be" the owner), `null` when no word
 * has a piece the index holds ("18"). A word is cut where the index cuts text (at anything not a letter, digit or
 * `_`), so no boolean operator survives.
 */
export function siteFulltextQuery(search: string): string | null {
  const tokens = siteSearchWords(search)
    .flatMap((w) => w.split(/[^\p{L}\p{N}_]+/u))
    .filter((t) => t.length >= FT_MIN && t.length <= FT_MAX && !FT_STOPWORDS.has(t));
  return tokens.length ? [...new Set(tokens)].map((t) => `+${t}*`).join(' ') : null;
}

/**
 * The conditions a site must meet for a search (all of them): the FULLTEXT match, which narrows the rows through the
 * index, and each word's `LIKE '%word%'` on what the search looks in, which keeps a search's meaning exact (the
 * words as typed, "18" in "Molenstraat 18" included). Empty for an empty search. `withinOrganizations`: the query is
 * already cut to a few organizations' sites, which `LIKE` alone reads fastest.
 */
export function siteSearchConditions(
  people: boolean,
  table: 'sites' | 's',
  search: string,
  options: { withinOrganizations?: boolean } = {},
): Expression<SqlBool>[] {
  const patterns = siteSearchPatterns(search);
  if (patterns.length === 0) return [];
  const target = siteSearchTarget(people, table);
  const likes = patterns.map((p) => sql<SqlBool>`${target} like ${p}`);
  const query = siteFulltextQuery(search);
  // An installer's few thousand sites are read faster through the organization index than a common word's
  // thousands of index entries across the whole fleet (decision 170); the index is for the fleet.
  if (!query || options.withinOrganizations) return likes;
  const columns = people
    ? sql.ref(`${table}.search_text`)
    : sql.join(
        ['street', 'house_number', 'postal_code', 'city', 'name'].map((c) => sql.ref(`${table}.${c}`)),
      );
  return [sql<SqlBool>`match(${columns}) against (${query} in boolean mode)`, ...likes];
}
