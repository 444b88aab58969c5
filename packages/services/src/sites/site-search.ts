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

/**
 * The words of a search, at most five: split at spaces, commas and semicolons (the comma between street and postal
 * code), each without the punctuation at its ends ("18," is "18"); punctuation inside a word stays, so an e-mail
 * address or "Sint-Pieters" is one word the search column contains whole.
 */
export function siteSearchWords(search: string): string[] {
  return foldForSearch(search)
    .split(/[\s,;]+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean)
    .slice(0, 5);
}

/** `LIKE` patterns on the search column, one per word; a site matches when it matches them all. */
export function siteSearchPatterns(search: string): string[] {
  return siteSearchWords(search).map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}
