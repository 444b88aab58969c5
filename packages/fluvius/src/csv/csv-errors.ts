/**
 * Why a file was refused. The parser stops at the first problem and returns no rows at all, so an upload either
 * imports completely or not at all. `line` is 1-based and counts the header.
 */
export const csvErrorCodes = [
  'empty_file',
  'no_matching_header',
  'wrong_delimiter',
  'gas_export',
  'peak_export',
  'mixed_eans',
  'ean_mismatch',
  'bad_column_count',
  'bad_date',
  'bad_time',
  'bad_number',
  'unknown_register',
  'unexpected_unit',
  'not_quarter_hour',
  'nonexistent_local_time',
  'duplicate_quarter',
  'no_data',
  'too_many_rows',
] as const;
export type CsvErrorCode = (typeof csvErrorCodes)[number];

export interface CsvError {
  code: CsvErrorCode;
  line?: number;
  /** The offending cell or header, cut to 80 characters (file content, never a secret). */
  value?: string;
  /** For `mixed_eans` / `ean_mismatch`: the EANs involved. */
  eans?: string[];
  /** For `wrong_delimiter`: the separator the file seems to use. */
  delimiter?: string;
}

export function csvError(code: CsvErrorCode, details: Omit<CsvError, 'code'> = {}): CsvError {
  const value = details.value === undefined ? undefined : details.value.slice(0, 80);
  return { code, ...details, ...(value === undefined ? {} : { value }) };
}
