import { IntlMessageFormat } from 'intl-messageformat';
import { catalogs, formatMessage, translate } from '../src/translate';

// Formatting a message as a render does, with ICU MessageFormat and the parsed-message cache, next to the old
// `{name}` string replace on the same texts in the same run (the floor), and to parsing on every call (what the cache
// saves). See docs/decisions/100-icu-messages.md.

const N = 200_000;

function measure(name: string, run: (i: number) => string): string {
  for (let i = 0; i < 1000; i++) run(i);
  const t0 = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < N; i++) sink += run(i).length;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (sink < 0) throw new Error('unreachable');
  return `${name.padEnd(52)} ${(N / seconds / 1e6).toFixed(2).padStart(6)} M/s  ${((seconds / N) * 1e9).toFixed(0).padStart(6)} ns/message`;
}

function oldReplace(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

const withArg = catalogs.nl['validation.tooLong'];
const plural = '{count, plural, one {# nieuw alarm} other {# nieuwe alarmen}}';
const plainKey = 'nav.logout' as const;

const lines = [
  `i18n translate bench: ${N} messages per line (node ${process.version})`,
  measure('baseline: string replace, one argument', (i) => oldReplace(withArg, { max: i })),
  measure('translate: ICU, one argument (cached parse)', (i) =>
    translate('nl', 'validation.tooLong', { max: i }),
  ),
  measure('baseline: catalog lookup, no argument', () => catalogs.nl[plainKey]),
  measure('translate: no argument', () => translate('nl', plainKey)),
  measure('formatMessage: ICU plural (cached parse)', (i) => formatMessage('nl', plural, { count: i % 3 })),
  measure('no cache: parse + format the plural every call', (i) =>
    String(new IntlMessageFormat(plural, 'nl-BE', undefined, { ignoreTag: true }).format({ count: i % 3 })),
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
