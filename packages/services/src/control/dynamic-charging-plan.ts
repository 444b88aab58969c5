import {
  type CheapestHoursPlan,
  cheapestHours,
  type HourPrice,
  hourlyPrices,
  type LocalDate,
  type PriceSlot,
} from '@ilumen/energy';

export interface PlannedHour {
  start: string;
  end: string;
  /** The hour's price, the mean of its quarter prices (or the hourly price), €/MWh. */
  eurPerMwh: number;
}

export interface DayPlan {
  hours: PlannedHour[];
  requested: number;
  meanEurPerMwh: number | null;
}

function toPlan(p: CheapestHoursPlan): DayPlan {
  return {
    hours: p.hours.map((h) => ({
      start: new Date(h.start).toISOString(),
      end: new Date(h.end).toISOString(),
      eurPerMwh: Math.round(h.eurPerMwh * 100) / 100,
    })),
    requested: p.requested,
    meanEurPerMwh: p.meanEurPerMwh === null ? null : Math.round(p.meanEurPerMwh * 100) / 100,
  };
}

/**
 * Plans "Aantal uren" cheapest hours of a Brussels day for many sites at once: the day's hourly prices (an hour is the
 * mean of its quarters) are computed once and each distinct number of hours is planned once — every site with the
 * same setting gets the same hours, since all sites are in one bidding zone.
 */
export class DayPlanner {
  readonly hourly: HourPrice[];
  private readonly memo = new Map<number, DayPlan>();

  constructor(
    slots: readonly PriceSlot[],
    readonly day: LocalDate,
  ) {
    this.hourly = hourlyPrices(slots, day);
  }

  plan(hours: number): DayPlan {
    let p = this.memo.get(hours);
    if (!p) {
      p = toPlan(cheapestHours(this.hourly, { hours }));
      this.memo.set(hours, p);
    }
    return p;
  }
}
