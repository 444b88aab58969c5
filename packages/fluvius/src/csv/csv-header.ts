import { splitFields } from './csv-fields';

/**
 * Mijn Fluvius has changed its header several times (see fluvius-csv.md), so columns are found by name. Names are
 * compared after lower-casing and turning brackets, dashes and underscores into spaces: `Van (datum)`, `Van datum`
 * and `Van Datum` are all `van datum`.
 */
export const csvColumns = [
  'fromDate',
  'fromTime',
  'toDate',
  'toTime',
  'ean',
  'meter',
  'meterType',
  'register',
  'volume',
  'unit',
  'validationStatus',
] as const;
export type CsvColumn = (typeof csvColumns)[number];

const columnNames: Record<CsvColumn, readonly string[]> = {
  fromDate: ['van datum', 'from date'],
  fromTime: ['van tijdstip', 'from time'],
  toDate: ['tot datum', 'until date', 'to date'],
  toTime: ['tot tijdstip', 'until time', 'to time'],
  ean: ['ean', 'ean code'],
  meter: ['meter'],
  meterType: ['metertype', 'meter type'],
  register: ['register'],
  volume: ['volume'],
  unit: ['eenheid', 'unit'],
  validationStatus: ['validatiestatus', 'validation status'],
};

/** Only gas exports carry the calorific value. */
const gasColumnNames = ['calorische bovenwaarde', 'caloric upper value'];

export function normaliseColumnName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[()\-_]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export type HeaderMatch =
  | { kind: 'quarter-export'; columns: Record<CsvColumn, number>; language: 'nl' | 'en'; width: number }
  | { kind: 'gas-export' }
  | { kind: 'wrong-delimiter'; delimiter: string }
  | { kind: 'no-match' };

function matchFields(fields: string[]): HeaderMatch {
  const names = fields.map(normaliseColumnName);
  if (names.some((name) => gasColumnNames.includes(name))) return { kind: 'gas-export' };
  const columns = {} as Record<CsvColumn, number>;
  for (const column of csvColumns) {
    const index = names.findIndex((name) => columnNames[column].includes(name));
    if (index === -1) return { kind: 'no-match' };
    columns[column] = index;
  }
  const language = names[columns.fromDate] === 'from date' ? 'en' : 'nl';
  return { kind: 'quarter-export', columns, language, width: Math.max(...Object.values(columns)) + 1 };
}

/** Recognises the header line; a header that only fits when split on `,`, tab or `|` means a re-saved file. */
export function matchHeader(line: string): HeaderMatch {
  const match = matchFields(splitFields(line, ';'));
  if (match.kind !== 'no-match') return match;
  for (const delimiter of [',', '\t', '|']) {
    const other = matchFields(splitFields(line, delimiter));
    if (other.kind === 'quarter-export') return { kind: 'wrong-delimiter', delimiter };
    if (other.kind === 'gas-export') return other;
  }
  return match;
}
