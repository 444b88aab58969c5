import { randomBytes } from 'node:crypto';
import type { DataServiceType, EnergyType } from '../wire/common';
import type { MandateStatus, RenewalStatus } from '../wire/mandate-wire';
import { householdProfile } from './household-model';
import { hashString, unitRandom } from './prng';
import type { MeterLayout, SimulatorFault, SimulatorOptions } from './simulator-options';

const DAY_MS = 86_400_000;

/** A mandate as the simulator keeps it: the wire fields plus what decides how it changes with time. */
export interface SimulatedMandate {
  referenceNumber: string;
  ean: string;
  energyType: EnergyType;
  dataServiceType: DataServiceType;
  dataPeriodFrom: Date;
  dataPeriodTo: Date;
  status: MandateStatus;
  mandateExpirationDate: Date;
  /** Set by control; otherwise derived from the expiration date. */
  renewalStatusOverride: RenewalStatus | null;
  /** A decision that becomes visible at `at` (homeowner with a delay, or the contract holder). */
  pendingDecision: { status: 'Approved' | 'Rejected'; at: Date | null } | null;
  revoked: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface ShortUrlSession {
  id: string;
  referenceNumber: string;
  flow: 'B2C' | 'B2B';
  dataServices: Array<{ dataServiceType: DataServiceType; dataPeriodFrom: Date; dataPeriodTo: Date }>;
  returnUrlSuccess: string;
  returnUrlFailed: string;
  validTo: Date;
  outcome: 'confirmed' | 'refused' | null;
}

export interface RequestLogEntry {
  at: Date;
  method: string;
  route: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface ActiveFault extends SimulatorFault {
  remaining: number;
}

/** Everything the simulator remembers; in memory, gone on restart. */
export class SimulatorStore {
  mandates: SimulatedMandate[] = [];
  readonly shortUrls = new Map<string, ShortUrlSession>();
  readonly tokens = new Map<string, number>();
  readonly gasEans = new Set<string>();
  readonly layouts = new Map<string, MeterLayout>();
  faults: ActiveFault[] = [];
  requestLog: RequestLogEntry[] = [];
  stats = { tokenRequests: 0, tokensIssued: 0, apiRequests: 0, byStatus: {} as Record<string, number> };

  constructor(private readonly options: SimulatorOptions) {
    for (const ean of options.gasEans) this.gasEans.add(ean);
  }

  newShortUrlId(): string {
    return randomBytes(9).toString('base64url');
  }

  newToken(): string {
    return `sim.${randomBytes(24).toString('base64url')}`;
  }

  energyTypeOf(ean: string): EnergyType {
    return this.gasEans.has(ean) ? 'G' : 'E';
  }

  /** The response layout of an EAN: mostly metering on the meter, some on the headpoint or both; a few PV sub-meters. */
  layoutOf(ean: string): MeterLayout {
    const explicit = this.layouts.get(ean);
    if (explicit) return explicit;
    const key = hashString(ean);
    const roll = unitRandom(this.options.seed, key, 41);
    return {
      headpointType:
        roll < 0.7
          ? 'metering-on-meter'
          : roll < 0.85
            ? 'metering-on-headpoint'
            : 'metering-on-headpoint-and-meter',
      productionSubHeadpoint:
        householdProfile(ean, this.options.seed).pvKwp > 0 && unitRandom(this.options.seed, key, 42) < 0.15,
    };
  }

  /**
   * Brings a mandate up to date with the clock: a pending decision whose time has come takes effect, and an
   * approved mandate past its expiration date ends.
   */
  refresh(mandate: SimulatedMandate, now: Date): SimulatedMandate {
    const decision = mandate.pendingDecision;
    if (decision?.at && now >= decision.at) {
      mandate.status = decision.status;
      mandate.pendingDecision = null;
      mandate.updatedAt = decision.at;
    }
    if (mandate.status === 'Approved' && now >= mandate.mandateExpirationDate) {
      mandate.status = 'Finished';
      mandate.updatedAt = mandate.mandateExpirationDate;
    }
    return mandate;
  }

  renewalStatusOf(mandate: SimulatedMandate, now: Date): RenewalStatus | null {
    if (mandate.renewalStatusOverride) return mandate.renewalStatusOverride;
    if (mandate.revoked || mandate.status === 'Rejected' || mandate.status === 'Requested') return null;
    if (now >= mandate.mandateExpirationDate) return 'Expired';
    if (now.getTime() >= mandate.mandateExpirationDate.getTime() - this.options.renewalNoticeDays * DAY_MS) {
      return 'ToBeRenewed';
    }
    return null;
  }

  findMandates(referenceNumber: string, ean?: string): SimulatedMandate[] {
    return this.mandates.filter(
      (m) => m.referenceNumber === referenceNumber && (ean === undefined || m.ean === ean),
    );
  }

  /** Takes the first fault matching this request, counting it down. */
  takeFault(route: string, ean: string | undefined): ActiveFault | null {
    const fault = this.faults.find(
      (f) =>
        (f.route === 'any' || f.route === route || (f.route === 'api' && route !== 'token')) &&
        (f.ean === undefined || f.ean === ean),
    );
    if (!fault) return null;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  logRequest(entry: RequestLogEntry): void {
    this.stats.byStatus[entry.status] = (this.stats.byStatus[entry.status] ?? 0) + 1;
    if (this.options.requestLogSize === 0) return;
    this.requestLog.push(entry);
    if (this.requestLog.length > this.options.requestLogSize) this.requestLog.shift();
  }
}
