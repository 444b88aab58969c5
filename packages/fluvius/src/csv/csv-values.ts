import type { ValidationState } from '../wire/energy-wire';

export interface CsvDate {
  year: number;
  month: number;
  day: number;
}

/** `dd-MM-yyyy` (Dutch export) or `dd/MM/yyyy` (English export); null when not a real calendar date. */
export function parseCsvDate(cell: string): CsvDate | null {
  const match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(cell.trim());
  if (!match) return null;
  const day = Number(match[1]);
  const month = Number(match[2]);
  const year = Number(match[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  return { year, month, day };
}

/** `HH:mm:ss` or `HH:mm` → minutes after midnight; null when not a time of day. */
export function parseCsvTime(cell: string): { minutes: number; seconds: number } | null {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(cell.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = Number(match[3] ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  return { minutes: hours * 60 + minutes, seconds };
}

/**
 * A volume in kWh with a decimal comma (`0,173`; a decimal point is read too) → whole Wh, exactly: the digits are
 * shifted as text, so `0,173` is 173 Wh and never 172.99999. Empty → null (no value). Anything else → undefined.
 */
export function parseKwhToWh(cell: string): number | null | undefined {
  const text = cell.trim();
  if (text === '') return null;
  const match = /^(\d{1,9})(?:[.,](\d+))?$/.exec(text);
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  const millis = Number(match[1]) * 1000 + Number(fraction.slice(0, 3).padEnd(3, '0'));
  // Past three decimals (sub-Wh), round half up on the fourth digit.
  return fraction.length > 3 && Number(fraction[3]) >= 5 ? millis + 1 : millis;
}

const validationStates: Record<string, ValidationState | null> = {
  gevalideerd: 'VAL',
  validated: 'VAL',
  geschat: 'EST',
  estimated: 'EST',
  uitgelezen: 'READ',
  read: 'READ',
  gemeten: 'READ',
  measured: 'READ',
  'niet gevalideerd': 'NVAL',
  'not validated': 'NVAL',
  'geen verbruik': null,
  'no consumption': null,
  '': null,
};

/** The API's validation states; "Geen verbruik" (no value) is null. `recognised` is false for words we do not know. */
export function parseValidationStatus(cell: string): { state: ValidationState | null; recognised: boolean } {
  const key = cell.trim().toLowerCase().replace(/\s+/g, ' ');
  if (key in validationStates) return { state: validationStates[key] ?? null, recognised: true };
  return { state: null, recognised: false };
}
