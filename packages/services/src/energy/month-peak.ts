import { type GridConnection, monthRange, type ReconciledPeak, reconcileMonthPeak } from '@ilumen/energy';

/** The peak columns of an `energy_month` row. */
export interface MonthPeakRow {
  qh_peak_w: number | null;
  qh_peak_at: Date | null;
  meter_peak_w: number | null;
  meter_peak_at: Date | null;
}

/**
 * The month peak that counts for a month row (decision 091): the meter's or our quarters', whichever is higher, the
 * meter's only when plausible for the connection. Every page, report and control input that shows or uses a month
 * peak reads it here.
 */
export function monthPeakOf(
  row: MonthPeakRow | undefined,
  connection: GridConnection | null,
  month: string,
): ReconciledPeak | null {
  if (!row) return null;
  const range = monthRange(`${month.slice(0, 7)}-01`);
  return reconcileMonthPeak(
    {
      meterW: row.meter_peak_w,
      meterAt: row.meter_peak_at,
      quartersW: row.qh_peak_w,
      quartersAt: row.qh_peak_at,
    },
    connection,
    { start: range.start, end: range.end },
  );
}
