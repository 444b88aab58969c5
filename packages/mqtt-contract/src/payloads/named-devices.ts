/**
 * Which devices a configuration's controller sections name, by controller. The platform refuses to send, and the
 * gateway refuses to apply, a configuration whose controllers name a device its device list does not have (decision
 * 070): a timer or a controller steering a device that is gone is a device dropped by accident, not a setting.
 * Read defensively: sections are checked by their own schemas elsewhere, this only collects the names.
 */
export function devicesNamedByControllers(controllers: Record<string, unknown> | undefined): Array<{
  controller: string;
  deviceId: string;
}> {
  const out: Array<{ controller: string; deviceId: string }> = [];
  const add = (controller: string, id: unknown) => {
    if (typeof id === 'string') out.push({ controller, deviceId: id });
  };
  for (const [controller, section] of Object.entries(controllers ?? {})) {
    if (!section || typeof section !== 'object') continue;
    const s = section as Record<string, unknown>;
    if ((s as { enabled?: unknown }).enabled === false) continue;
    for (const field of ['batteryIds', 'chargerIds']) {
      if (Array.isArray(s[field])) for (const id of s[field] as unknown[]) add(controller, id);
    }
    if (typeof s.heatId === 'string') add(controller, s.heatId);
    for (const list of ['timers', 'charges']) {
      if (!Array.isArray(s[list])) continue;
      for (const item of s[list] as unknown[]) {
        if (item && typeof item === 'object') add(controller, (item as { batteryId?: unknown }).batteryId);
      }
    }
    if (s.chargers && typeof s.chargers === 'object' && !Array.isArray(s.chargers)) {
      for (const id of Object.keys(s.chargers)) add(controller, id);
    }
  }
  return out;
}

/** The names of `devicesNamedByControllers` that `declared` does not have, one line each for a refusal. */
export function undeclaredDevices(
  controllers: Record<string, unknown> | undefined,
  declared: Iterable<string>,
): Array<{ controller: string; deviceId: string }> {
  const known = new Set(declared);
  const seen = new Set<string>();
  return devicesNamedByControllers(controllers).filter((n) => {
    const k = `${n.controller}\u0000${n.deviceId}`;
    if (known.has(n.deviceId) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
