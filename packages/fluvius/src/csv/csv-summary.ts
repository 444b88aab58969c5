import { type LocalDate, quarterHoursInBrusselsDay } from '../time/brussels-time';
import type { ValidationState } from '../wire/energy-wire';
import type { CsvQuarter } from './csv-parser';

/** What the upload preview shows per Brussels day. */
export interface CsvDaySummary {
  date: LocalDate;
  /** Distinct quarter-hours with at least one row. */
  quarters: number;
  /** 92, 96 or 100 (clock changes). */
  expectedQuarters: number;
  offtakeWh: number;
  injectionWh: number;
  offtakeDayWh: number;
  offtakeNightWh: number;
  injectionDayWh: number;
  injectionNightWh: number;
  /** Rows without a volume. */
  emptyValues: number;
  estimatedValues: number;
}

export interface CsvSummary {
  language: 'nl' | 'en';
  eans: string[];
  meterIds: string[];
  firstDay: LocalDate;
  lastDay: LocalDate;
  rowCount: number;
  quarterCount: number;
  offtakeWh: number;
  injectionWh: number;
  days: CsvDaySummary[];
  validationStates: Partial<Record<ValidationState | 'none', number>>;
  /** Reactive-energy rows (kVArh) that were read past, not imported. */
  skippedReactiveRows: number;
  /** Validation words we did not recognise (their rows count as having no state). */
  unrecognisedStatuses: string[];
}

interface DayAccumulator extends CsvDaySummary {
  starts: Set<number>;
}

export class SummaryBuilder {
  private readonly days = new Map<LocalDate, DayAccumulator>();
  private readonly eans = new Set<string>();
  private readonly meterIds = new Set<string>();
  private readonly states: Partial<Record<ValidationState | 'none', number>> = {};
  private readonly unrecognised = new Set<string>();
  private rows = 0;
  private skippedReactive = 0;

  countSkippedReactive(): void {
    this.skippedReactive++;
  }

  add(quarter: CsvQuarter, unrecognisedStatus: string | null): void {
    this.rows++;
    this.eans.add(quarter.ean);
    this.meterIds.add(quarter.meterId);
    const stateKey = quarter.validationState ?? 'none';
    this.states[stateKey] = (this.states[stateKey] ?? 0) + 1;
    if (unrecognisedStatus !== null) this.unrecognised.add(unrecognisedStatus);

    let day = this.days.get(quarter.localDate);
    if (!day) {
      day = {
        date: quarter.localDate,
        quarters: 0,
        expectedQuarters: quarterHoursInBrusselsDay(quarter.localDate),
        offtakeWh: 0,
        injectionWh: 0,
        offtakeDayWh: 0,
        offtakeNightWh: 0,
        injectionDayWh: 0,
        injectionNightWh: 0,
        emptyValues: 0,
        estimatedValues: 0,
        starts: new Set(),
      };
      this.days.set(quarter.localDate, day);
    }
    day.starts.add(quarter.start.getTime());
    if (quarter.validationState === 'EST') day.estimatedValues++;
    if (quarter.wh === null) {
      day.emptyValues++;
      return;
    }
    if (quarter.direction === 'offtake') {
      day.offtakeWh += quarter.wh;
      if (quarter.tariff === 'day') day.offtakeDayWh += quarter.wh;
      if (quarter.tariff === 'night') day.offtakeNightWh += quarter.wh;
    } else {
      day.injectionWh += quarter.wh;
      if (quarter.tariff === 'day') day.injectionDayWh += quarter.wh;
      if (quarter.tariff === 'night') day.injectionNightWh += quarter.wh;
    }
  }

  build(language: 'nl' | 'en'): CsvSummary {
    const days = [...this.days.values()]
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
      .map(({ starts, ...day }) => ({ ...day, quarters: starts.size }));
    return {
      language,
      eans: [...this.eans],
      meterIds: [...this.meterIds],
      firstDay: days[0]?.date ?? '',
      lastDay: days[days.length - 1]?.date ?? '',
      rowCount: this.rows,
      quarterCount: days.reduce((sum, day) => sum + day.quarters, 0),
      offtakeWh: days.reduce((sum, day) => sum + day.offtakeWh, 0),
      injectionWh: days.reduce((sum, day) => sum + day.injectionWh, 0),
      days,
      validationStates: this.states,
      skippedReactiveRows: this.skippedReactive,
      unrecognisedStatuses: [...this.unrecognised],
    };
  }
}
