import { IntlMessageFormat } from 'intl-messageformat';
import { INTL_TAG, type Locale } from './locale';

export type Params = Record<string, string | number>;

/**
 * Parsed messages, one per language and text (see docs/decisions/100-icu-messages.md): a page renders hundreds of
 * messages, and parsing is what costs, so each text is parsed once per process. Catalog texts are finite; the cap only
 * guards against a caller that translates free text with braces.
 */
const parsed = new Map<string, IntlMessageFormat | null>();
/** Per parsed message: the arguments a plural or select reads (they must stay numbers). */
const countArguments = new WeakMap<IntlMessageFormat, Set<string>>();

type AstNode = { type: number; value?: unknown; options?: Record<string, { value: AstNode[] }> };
function pluralArguments(format: IntlMessageFormat): Set<string> {
  let names = countArguments.get(format);
  if (!names) {
    const found = new Set<string>();
    const walk = (nodes: AstNode[]) => {
      for (const node of nodes) {
        // 5: select, 6: plural (the parser's TYPE enum)
        if ((node.type === 5 || node.type === 6) && typeof node.value === 'string') found.add(node.value);
        for (const option of Object.values(node.options ?? {})) walk(option.value);
      }
    };
    walk(format.getAst() as AstNode[]);
    names = found;
    countArguments.set(format, names);
  }
  return names;
}
const PARSED_CAP = 10_000;

function compiled(locale: Locale, template: string): IntlMessageFormat | null {
  const cacheKey = `${locale}\u0000${template}`;
  let format = parsed.get(cacheKey);
  if (format === undefined) {
    try {
      // ignoreTag: a text may hold "<" ("< 5 kW"); no message uses rich-text tags.
      format = new IntlMessageFormat(template, INTL_TAG[locale], undefined, { ignoreTag: true });
    } catch {
      format = null; // not ICU (a raw key or a stray brace): shown as written
    }
    if (parsed.size >= PARSED_CAP) parsed.clear();
    parsed.set(cacheKey, format);
  }
  return format;
}

/**
 * A number that is not whole, given to a plain `{name}` argument, is written as the page writes numbers ("12,5", not
 * "12.5"); whole numbers stay as they are (years, codes and ids must not get a thousands separator), and a plural
 * formats its `#` itself.
 */
function withDecimals(locale: Locale, params: Params, counts: Set<string>): Params {
  let out: Params | null = null;
  for (const [name, value] of Object.entries(params))
    if (
      typeof value === 'number' &&
      !Number.isInteger(value) &&
      Number.isFinite(value) &&
      !counts.has(name)
    ) {
      out ??= { ...params };
      out[name] = decimal(locale, value);
    }
  return out ?? params;
}

const decimals = new Map<Locale, Intl.NumberFormat>();
function decimal(locale: Locale, value: number): string {
  let f = decimals.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(INTL_TAG[locale], { maximumFractionDigits: 3 });
    decimals.set(locale, f);
  }
  return f.format(value).replace('-', '\u2212');
}

/** The old `{name}` fill, kept for a text that is not valid ICU or misses an argument: never throws. */
function fillPlain(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * An ICU MessageFormat text in the given language: `{name}` arguments, `{count, plural, one {…} other {…}}` and
 * `{kind, select, …}`. A text without braces is returned as it is (the common case costs a lookup only).
 */
export function formatMessage(locale: Locale, template: string, params?: Params): string {
  if (!template.includes('{')) return template;
  const format = compiled(locale, template);
  if (!format) return params ? fillPlain(template, params) : template;
  try {
    return String(format.format(params ? withDecimals(locale, params, pluralArguments(format)) : {}));
  } catch {
    // A missing argument: keep what can be filled rather than fail the page.
    return params ? fillPlain(template, params) : template;
  }
}
