import { CSV_CONTENT_TYPE, type CsvColumn, type CsvValue, csvDocument } from '@ilumen/csv';

/** Offers rows as a CSV file from the browser (generated claim codes, shown once), by the product's one CSV writer. */
export function downloadCsv(filename: string, columns: CsvColumn[], rows: CsvValue[][]): void {
  const blob = new Blob([csvDocument(columns, rows)], { type: CSV_CONTENT_TYPE });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}
