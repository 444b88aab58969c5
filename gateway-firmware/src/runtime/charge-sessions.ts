import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { SmartCharge } from '@ilumen/mqtt-contract';
import type { ChargerSessionPlan, SiteState } from '../control/site-state';
import { readFileIfExists, writeFileAtomic } from './atomic-file';
import type { EmitEvent } from './event-sink';
import type { DeviceSample } from './site-data';

type Mode = 'fast' | 'smart';
type StopReason = 'user' | 'ev_disconnected' | 'command' | 'timer' | 'fault' | 'interrupted';

/** How a session is to be charged: what `charge.start` asked for. */
export interface SessionRequest {
  sessionId: string;
  mode: Mode;
  userId?: string;
  smart?: SmartCharge;
}

interface Session extends SessionRequest {
  energyWh: number;
  /** Of `energyWh`, the part counted as solar surplus (fractional; reported rounded). */
  solarWh: number;
  /** Clock ms of the last energy event, and the energy it reported. */
  reportedAt: number;
  reportedWh: number;
  /** Kept from before a restart: not seen on the charger since. */
  restored?: boolean;
}

export interface ChargeSessionsOptions {
  emit: EmitEvent;
  now: () => number;
  /**
   * The solar surplus available to a charger drawing `chargerW` now (W), or null when unknown: splits each poll's
   * energy into a solar and a grid part.
   */
  surplusW?: (chargerId: string, chargerW: number) => number | null;
  /** A `charge.session.energy` event at most this often while the energy grows (clock ms). */
  energyEveryMs?: number;
  /**
   * Where open sessions are kept across a restart (the gateway's data dir). Without it a session open at a restart
   * would be reported again as a new one, and the platform's row of the old one would never end.
   */
  dataDir?: string;
}

interface Stored {
  v: 1;
  open: Record<string, Session>;
  expectedStart: Record<string, SessionRequest>;
}

/** Open sessions and the platform's expected starts, in one small file written atomically on every change. */
class SessionFile {
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'charge-sessions.json');
  }

  load(): Stored | null {
    const text = readFileIfExists(this.path);
    if (text === undefined) return null;
    try {
      const v = JSON.parse(text) as Partial<Stored>;
      if (v.v !== 1 || typeof v.open !== 'object' || typeof v.expectedStart !== 'object') return null;
      return v as Stored;
    } catch {
      // a damaged file forgets the sessions: the next reading opens a new one, as without the file
      return null;
    }
  }

  save(open: Map<string, Session>, expectedStart: Map<string, SessionRequest>): void {
    const stored: Stored = {
      v: 1,
      open: Object.fromEntries(open),
      expectedStart: Object.fromEntries(expectedStart),
    };
    writeFileAtomic(this.path, JSON.stringify(stored));
  }
}

/** Progress events every quarter-hour: the platform's session row follows without flooding the timeline. */
const ENERGY_EVERY_MS = 15 * 60_000;

/**
 * Charge sessions as the charger reports them (its session flag), turned into `charge.session.start`, `.energy` and
 * `.stop` events. A session the platform started (charge.start) carries that command's session id, mode, user and
 * smart settings; one started at the charger itself gets its own id and mode `fast`. A `charge.start` for a session
 * already open changes its mode (the car was plugged in and started at the charger, then set to smart in the app).
 * Open sessions survive a restart of the gateway: the charger's session counter tells whether it is still the same
 * session (it goes on counting) or one that ended while the gateway was away (a lower count: that one is stopped as
 * `interrupted` and the new one started).
 */
export class ChargeSessions {
  private readonly open = new Map<string, Session>();
  private readonly expectedStart = new Map<string, SessionRequest>();
  private readonly expectedStop = new Map<string, StopReason>();
  private readonly emit: EmitEvent;
  private readonly everyMs: number;
  private readonly file: SessionFile | null;

  constructor(private readonly o: ChargeSessionsOptions) {
    this.emit = o.emit;
    this.everyMs = o.energyEveryMs ?? ENERGY_EVERY_MS;
    this.file = o.dataDir ? new SessionFile(o.dataDir) : null;
    const stored = this.file?.load();
    if (stored) {
      for (const [id, s] of Object.entries(stored.open)) this.open.set(id, { ...s, restored: true });
      for (const [id, r] of Object.entries(stored.expectedStart)) this.expectedStart.set(id, r);
    }
  }

  private persist(): void {
    this.file?.save(this.open, this.expectedStart);
  }

  current(chargerId: string): Readonly<Session> | null {
    return this.open.get(chargerId) ?? null;
  }

  /** What the control loop needs of the open session on a charger. */
  plan(chargerId: string): ChargerSessionPlan | null {
    const s = this.open.get(chargerId);
    if (!s) return null;
    const g = s.smart?.guarantee;
    return {
      sessionId: s.sessionId,
      mode: s.mode,
      gridSharePct: s.mode === 'smart' ? (s.smart?.gridSharePct ?? 0) : 100,
      guarantee: s.mode === 'smart' && g ? { energyWh: g.energyWh, byMs: Date.parse(g.by) } : null,
    };
  }

  /** The next session on this charger is the platform's: give it this id, mode, user and smart settings. */
  expectStart(chargerId: string, session: SessionRequest): void {
    this.expectedStart.set(chargerId, session);
    this.persist();
  }

  /** Changes how the open session is charged; reported at once as an energy event with the new mode. */
  change(chargerId: string, request: Omit<SessionRequest, 'sessionId'>): Readonly<Session> | null {
    const s = this.open.get(chargerId);
    if (!s) return null;
    s.mode = request.mode;
    s.smart = request.mode === 'smart' ? request.smart : undefined;
    if (request.userId && !s.userId) s.userId = request.userId;
    this.report(chargerId, s, 'charge.session.energy');
    this.persist();
    return s;
  }

  expectStop(chargerId: string, reason: StopReason): void {
    this.expectedStop.set(chargerId, reason);
  }

  onReading(sample: DeviceSample): void {
    const r = sample.reading;
    if (r?.kind !== 'charger') return;
    const id = sample.config.id;
    let open = this.open.get(id);
    if (open?.restored) {
      delete open.restored;
      // the charger counts from zero in each session: a count below what was reported is another session
      if (r.sessionActive && r.sessionEnergyWh !== null && Math.floor(r.sessionEnergyWh) < open.reportedWh) {
        this.stop(id, open, 'interrupted');
        open = undefined;
      }
    }
    if (r.sessionActive && !open) {
      const expected = this.expectedStart.get(id);
      this.expectedStart.delete(id);
      const session: Session = {
        ...(expected ?? { sessionId: randomUUID(), mode: 'fast' }),
        energyWh: 0,
        solarWh: 0,
        reportedAt: this.o.now(),
        reportedWh: 0,
      };
      this.open.set(id, session);
      this.emit({ type: 'charge.session.start', ...this.describe(id, session) });
      this.persist();
    } else if (open && r.sessionActive) {
      const energy = Math.max(open.energyWh, Math.floor(r.sessionEnergyWh ?? 0));
      const delta = energy - open.energyWh;
      if (delta > 0) {
        const w = Math.max(0, r.powerW ?? 0);
        const surplus = w > 0 ? this.o.surplusW?.(id, w) : null;
        // the poll's energy is split as the power is now: the part the surplus covers is solar
        if (surplus !== null && surplus !== undefined)
          open.solarWh += delta * Math.min(1, Math.max(0, surplus) / w);
      }
      open.energyWh = energy;
      const now = this.o.now();
      if (open.energyWh > open.reportedWh && now - open.reportedAt >= this.everyMs) {
        this.report(id, open, 'charge.session.energy');
        this.persist();
      }
    } else if (open && !r.sessionActive) {
      const reason =
        this.expectedStop.get(id) ??
        (r.deviceState === 'fault' ? 'fault' : r.cpState === 'A' ? 'ev_disconnected' : 'user');
      this.stop(id, open, reason);
    }
  }

  private stop(chargerId: string, s: Session, reason: StopReason): void {
    this.open.delete(chargerId);
    this.expectedStop.delete(chargerId);
    this.emit({ type: 'charge.session.stop', ...this.describe(chargerId, s), ...this.energy(s), reason });
    this.persist();
  }

  private report(chargerId: string, s: Session, type: 'charge.session.energy'): void {
    s.reportedAt = this.o.now();
    s.reportedWh = s.energyWh;
    this.emit({ type, ...this.describe(chargerId, s), ...this.energy(s) });
  }

  private energy(s: Session) {
    return { energyWh: s.energyWh, solarWh: Math.min(s.energyWh, Math.round(s.solarWh)) };
  }

  private describe(chargerId: string, s: Session) {
    return {
      sessionId: s.sessionId,
      chargerId,
      mode: s.mode,
      ...(s.userId ? { userId: s.userId } : {}),
      ...(s.mode === 'smart' ? { gridSharePct: s.smart?.gridSharePct ?? 0 } : {}),
      ...(s.mode === 'smart' && s.smart?.guarantee ? { guarantee: s.smart.guarantee } : {}),
    };
  }
}

/** The site state with each charger's open session, as the control loop sees it. */
export function withChargeSessions(state: SiteState, sessions: ChargeSessions): SiteState {
  for (const c of state.chargers) c.session = c.sessionActive ? sessions.plan(c.id) : null;
  return state;
}
