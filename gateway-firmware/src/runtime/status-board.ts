import type { DeviceState, PayloadInput } from '@ilumen/mqtt-contract';

type StatusEvent = Extract<PayloadInput<'event'>, { type: 'device.status' }>;

/**
 * Every device's current status, kept from the `device.status` events the gateway sends (the P1 meter's too). The
 * events go out once, on change; this board goes out in the retained `state` at every connect and after every
 * change, so a reader that starts late, restarts, or only now learns which site the box is on, still sees every
 * status (decision 071).
 */
export class StatusBoard {
  private readonly states = new Map<string, DeviceState>();
  private scheduled = false;

  /** `changed` runs once after a burst of changes (the state is published then). */
  constructor(private readonly changed: () => void) {}

  record(event: PayloadInput<'event'>): void {
    if (event.type !== 'device.status') return;
    const e = event as StatusEvent;
    this.states.set(e.deviceId, {
      id: e.deviceId,
      type: e.deviceType,
      status: e.to,
      since: e.ts,
      ...(e.error ? { error: e.error } : {}),
    } as DeviceState);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.changed();
    });
  }

  /** A device the configuration no longer has has no status either (the P1 port stays). */
  keepOnly(deviceIds: Iterable<string>): void {
    const keep = new Set(deviceIds);
    for (const id of this.states.keys()) if (id !== 'p1' && !keep.has(id)) this.states.delete(id);
  }

  list(): DeviceState[] {
    return [...this.states.values()];
  }
}
