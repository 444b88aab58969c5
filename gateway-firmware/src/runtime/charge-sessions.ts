import { randomUUID } from 'node:crypto';
import type { SmartCharge } from '@ilumen/mqtt-contract';
import type { ChargerSessionPlan, SiteState } from '../control/site-state';
import type { EmitEvent } from './event-sink';
import type { DeviceSample } from './site-data';

type Mode = 'fast' | 'smart';
type StopReason = 'user' | 'ev_disconnected' | 'command' | 'timer' | 'fault';

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
}

/** Progress events every quarter-hour: the platform's session row follows without flooding the timeline. */
const ENERGY_EVERY_MS = 15 * 60_000;

/**
 * Charge sessions as the charger reports them (its session flag), turned into `charge.session.start`, `.energy` and
 * `.stop` events. A session the platform started (charge.start) carries that command's session id, mode, user and
 * smart settings; one started at the charger itself gets its own id and mode `fast`. A `charge.start` for a session
 * already open changes its mode (the car was plugged in and started at the charger, then set to smart in the app).
 */
export class ChargeSessions {
  private readonly open = new Map<string, Session>();
  private readonly expectedStart = new Map<string, SessionRequest>();
  private readonly expectedStop = new Map<string, StopReason>();
  private readonly emit: EmitEvent;
  private readonly everyMs: number;

  constructor(private readonly o: ChargeSessionsOptions) {
    this.emit = o.emit;
    this.everyMs = o.energyEveryMs ?? ENERGY_EVERY_MS;
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
  }

  /** Changes how the open session is charged; reported at once as an energy event with the new mode. */
  change(chargerId: string, request: Omit<SessionRequest, 'sessionId'>): Readonly<Session> | null {
    const s = this.open.get(chargerId);
    if (!s) return null;
    s.mode = request.mode;
    s.smart = request.mode === 'smart' ? request.smart : undefined;
    if (request.userId && !s.userId) s.userId = request.userId;
    this.report(chargerId, s, 'charge.session.energy');
    return s;
  }

  expectStop(chargerId: string, reason: StopReason): void {
    this.expectedStop.set(chargerId, reason);
  }

  onReading(sample: DeviceSample): void {
    const r = sample.reading;
    if (r?.kind !== 'charger') return;
    const id = sample.config.id;
    const open = this.open.get(id);
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
      }
    } else if (open && !r.sessionActive) {
      this.open.delete(id);
      const reason =
        this.expectedStop.get(id) ??
        (r.deviceState === 'fault' ? 'fault' : r.cpState === 'A' ? 'ev_disconnected' : 'user');
      this.expectedStop.delete(id);
      this.emit({ type: 'charge.session.stop', ...this.describe(id, open), ...this.energy(open), reason });
    }
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
