import { catalogs, type Locale } from '@ilumen/i18n';

/**
 * What the product walk reads on a page: the text a person sees (scripts, styles and tags taken out), and the
 * problems a person would notice in it. Shared by the walk's HTTP crawl and its browser checks.
 */

/** The links of a page that lead to another page of the portal (not downloads, mail, anchors or the sign-out). */
export function pageLinks(html: string): string[] {
  return [...html.matchAll(/href="(\/(?:console|app)(?:[/?][^"#]*)?)"/g)]
    .map((m) => m[1]!.replaceAll('&amp;', '&'))
    .filter((href) => !/\.(pdf|csv|zip|png)(\?|$)/.test(href) && !/\/export(\?|$)/.test(href));
}

/**
 * A page's place in the walk: its path with ids as `:id` and the names of its query parameters, so a list of twenty
 * sites is walked through a few of them rather than all, and a table's twelve sort links count as one.
 */
export function pageShape(path: string): string {
  const url = new URL(path, 'http://x');
  const names = [...new Set(url.searchParams.keys())].sort().join('&');
  return `${url.pathname.replace(/\/\d+(?=\/|$)/g, '/:id')}${names ? `?${names}` : ''}`;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
  '#x27': "'",
};

/** The text a person reads on a server-rendered page, one line per element's text: no scripts, styles, code or tags. */
export function visibleText(html: string): string {
  return (
    html
      .replace(/<script[\s\S]*?<\/script>/g, ' ')
      .replace(/<style[\s\S]*?<\/style>/g, ' ')
      .replace(/<title>[\s\S]*?<\/title>/g, ' ')
      // code is shown as written (the audit trail's column names, a gateway's log): not a text to translate
      .replace(/<(code|pre)[\s>][\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]+>/g, '\n')
      .replace(/&(#?\w+);/g, (m, name: string) => ENTITIES[name] ?? m)
      .replace(/[^\S\n]+/g, ' ')
      .replace(/\s*\n\s*/g, '\n')
      .trim()
  );
}

const allKeys = new Set(Object.keys(catalogs.nl));

/**
 * Message keys shown as they are written in the code (`sites.status.active`), and codes a person cannot read
 * (`gateway_offline`): what the page shows where a translation is missing.
 */
export function rawKeys(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?<![\w@./-])[a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+(?![\w@/-])/g)) {
    const token = m[0].replace(/\.$/, '');
    // a domain or an e-mail address's domain
    if (/\.(be|com|nl|fr|eu|org|net|test|io|ilfw|bin)$/i.test(token)) continue;
    // a version (v1.4.0)
    if (/^[a-z]*\d+(\.\d+)+$/i.test(token)) continue;
    if (allKeys.has(token) || token.split('.').length >= 3) found.add(token);
  }
  for (const m of text.matchAll(/(?<![\w@./-])[a-z]+(?:_[a-z0-9]+)+(?![\w@./-])/g)) found.add(m[0]);
  return [...found];
}

/**
 * Words that say a text is in another language: short and frequent, not names or addresses. English also by the
 * words of a gateway's technical lines ("fast charging: full current", "keeping the quarter under 2.5 kW"), which
 * carry few of the small ones.
 */
const MARKERS: Record<Locale, RegExp> = {
  nl: /\b(het|een|niet|geen|naar|wordt|jouw|je|bij|voor|alle|nog)\b/gi,
  fr: /\b(le|les|des|une|est|vous|votre|avec|pour|aucun|aucune)\b/gi,
  en: /\b(the|and|with|your|not|for|this|that|has|been|are|charging|current|full|keeping|under|below|still|missing|exporting|importing|discharge|at most|at least|back on|its own)\b/gi,
};

/** Sentences of the other languages' catalogs that none of the page's own messages contains. */
function foreignPhrases(locale: Locale): Array<{ phrase: string; from: Locale }> {
  const own = Object.values(catalogs[locale]).join('\n');
  const out: Array<{ phrase: string; from: Locale }> = [];
  for (const other of ['nl', 'fr', 'en'] as const) {
    if (other === locale) continue;
    const seen = new Set<string>();
    for (const text of Object.values(catalogs[other])) {
      // the literal parts of a message, between its placeholders
      for (const part of text.split(/[{}#]/)) {
        const phrase = part.trim();
        if (phrase.length < 16 || phrase.split(/\s+/).length < 3 || seen.has(phrase)) continue;
        seen.add(phrase);
        if (!own.includes(phrase)) out.push({ phrase, from: other });
      }
    }
  }
  return out;
}

const phraseCache = new Map<Locale, Array<{ phrase: string; from: Locale }>>();

/**
 * Text in another language than the page's: a sentence of another language's catalog, or at least two of its frequent
 * small words in one sentence-sized stretch of the page (the demo's names and addresses are Flemish, so Dutch
 * markers on a French page ask for two).
 */
export function foreignText(text: string, locale: Locale): string[] {
  let phrases = phraseCache.get(locale);
  if (!phrases) {
    phrases = foreignPhrases(locale);
    phraseCache.set(locale, phrases);
  }
  const found: string[] = [];
  for (const { phrase, from } of phrases) if (text.includes(phrase)) found.push(`${from}: "${phrase}"`);
  for (const other of ['nl', 'fr', 'en'] as const) {
    if (other === locale) continue;
    // stretches between the page's own punctuation and element boundaries are roughly its sentences and labels
    for (const stretch of text.split(/[.!?:·|]\s|\n/)) {
      const words = stretch.match(MARKERS[other]) ?? [];
      const own = stretch.match(MARKERS[locale]) ?? [];
      if (words.length >= 2 && words.length > own.length) found.push(`${other}: "${stretch.slice(0, 120)}"`);
    }
  }
  return found;
}
