import { randomUUID } from 'node:crypto';
import type { EmitEvent } from './event-sink';
import type { DeviceSample } from './site-data';

type Mode = 'fast' | 'smart';
type StopReason = 'user' | 'ev_disconnected' | 'command' | 'timer' | 'fault';

interface Session {
  sessionId: string;
  mode: Mode;
  userId?: string;
  energyWh: number;
}

/**
 * Charge sessions as the charger reports them (its session flag), turned into `charge.session.start` / `stop`
 * events. A session the platform started (charge.start) carries that command's id, mode and user; one started at
 * the charger itself gets its own id and mode `fast`.
 */
export class ChargeSessions {
  private readonly open = new Map<string, Session>();
  private readonly expectedStart = new Map<string, Omit<Session, 'energyWh'>>();
  private readonly expectedStop = new Map<string, StopReason>();

  constructor(private readonly emit: EmitEvent) {}

  current(chargerId: string): Session | null {
    return this.open.get(chargerId) ?? null;
  }

  /** The next session on this charger is the platform's: give it this id, mode and user. */
  expectStart(chargerId: string, session: Omit<Session, 'energyWh'>): void {
    this.expectedStart.set(chargerId, session);
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
      const session: Session = { ...(expected ?? { sessionId: randomUUID(), mode: 'fast' }), energyWh: 0 };
      this.open.set(id, session);
      this.emit({
        type: 'charge.session.start',
        sessionId: session.sessionId,
        chargerId: id,
        mode: session.mode,
        ...(session.userId ? { userId: session.userId } : {}),
      });
    } else if (open && r.sessionActive) {
      open.energyWh = Math.max(open.energyWh, Math.floor(r.sessionEnergyWh ?? 0));
    } else if (open && !r.sessionActive) {
      this.open.delete(id);
      const reason =
        this.expectedStop.get(id) ??
        (r.deviceState === 'fault' ? 'fault' : r.cpState === 'A' ? 'ev_disconnected' : 'user');
      this.expectedStop.delete(id);
      this.emit({
        type: 'charge.session.stop',
        sessionId: open.sessionId,
        chargerId: id,
        mode: open.mode,
        ...(open.userId ? { userId: open.userId } : {}),
        energyWh: open.energyWh,
        reason,
      });
    }
  }
}
