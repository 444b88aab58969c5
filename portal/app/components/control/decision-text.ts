import type { T } from '~/lib/i18n';

export interface DecisionItem {
  type: string;
  controller: string | null;
  action: string | null;
  reason: string | null;
  code: string | null;
  values: Record<string, string | number | boolean | null> | null;
  deviceKey: string | null;
}

type Format = {
  number: (v: number, digits?: number) => string;
  kw: (w: number) => string;
  kwh: (wh: number) => string;
  dateTime: (v: Date | string) => string;
};

/** What a controller asked of a device (`ControlAction['kind']` on the gateway): said for a decision without a code. */
const ACTIONS = new Set([
  'battery.setpoint',
  'battery.auto',
  'charger.current',
  'charger.start',
  'charger.stop',
  'heat.enable',
]);

const CONTROLLERS = new Set([
  'peakShaving',
  'loadBalancing',
  'dynamicCharging',
  'maintenance',
  'charging',
  'chargeTimers',
  'solarBoiler',
]);

export function controllerLabel(t: T, controller: string | null): string {
  return t(`control.controller.${controller && CONTROLLERS.has(controller) ? controller : 'other'}`);
}

/**
 * A decision in the reader's language, from its code and values; a decision without a code we know (a row from a
 * gateway before codes) is said from what it asked of the device. Never the gateway's own English reason: that stays
 * for support as the technical detail (a hover), not as the page's text.
 */
export function decisionText(
  t: T,
  f: Format,
  item: DecisionItem,
  deviceName: (key: string | null) => string,
): string | null {
  const v = item.values ?? {};
  const num = (k: string) => (typeof v[k] === 'number' ? (v[k] as number) : null);
  const watts = num('watts');
  const power = watts === null ? '—' : f.kw(Math.abs(watts));
  const params = {
    predicted: num('predictedW') === null ? '—' : f.kw(num('predictedW')!),
    threshold: num('thresholdW') === null ? '—' : f.kw(num('thresholdW')!),
    average: num('averageW') === null ? '—' : f.kw(num('averageW')!),
    power,
    soc: num('socPct') === null ? '—' : f.number(num('socPct')!, 0),
    reserve: num('reservePct') === null ? '—' : f.number(num('reservePct')!, 0),
    price: num('eurPerMwh') === null ? '—' : f.number(num('eurPerMwh')!, 2),
    amps: num('amps') ?? num('capA') ?? '—',
    charger: deviceName(typeof v.deviceId === 'string' ? v.deviceId : item.deviceKey),
    missing:
      num('missingWh') === null
        ? '—'
        : `${f.kwh(num('missingWh')!)}${num('km') === null ? '' : ` (${f.number(num('km')!, 0)} km)`}`,
    by: num('byMs') === null ? '—' : f.dateTime(new Date(num('byMs')!)),
    minutes: num('needMin') ?? '—',
    surplus: num('surplusW') === null ? '—' : f.kw(Math.max(0, num('surplusW')!)),
    share: num('gridSharePct') ?? '—',
    from: num('startHour') === null ? '—' : `${String(num('startHour')).padStart(2, '0')}:00`,
    to: num('endHour') === null ? '—' : `${String(num('endHour')).padStart(2, '0')}:00`,
    timerPower: num('powerW') === null ? '—' : f.kw(num('powerW')!),
    temp: num('tempC') === null ? '—' : f.number(num('tempC')!, 1),
    minTemp: num('minTempC') === null ? '—' : f.number(num('minTempC')!, 0),
    export: num('exportW') === null ? '—' : f.kw(num('exportW')!),
    import: num('importW') === null ? '—' : f.kw(num('importW')!),
    hold: num('holdS') ?? '—',
    on: v.on === true ? 'true' : 'false',
    direction: watts !== null && watts < 0 ? 'discharge' : 'charge',
  };
  const key = item.code ? `control.reason.${item.code}` : null;
  if (!key || !t.has(key)) {
    if (item.type !== 'control.decision') return null;
    return t(`control.action.${item.action && ACTIONS.has(item.action) ? item.action : 'other'}`, params);
  }
  const text = t(key, params);
  if (item.code === 'peak.exceeded' && typeof v.cause === 'string') {
    const cause = t(`control.capacity.cause.${v.cause}`);
    return `${text} ${cause.startsWith('control.') ? '' : cause}`.trim();
  }
  return text;
}

/** Why a decision could not be applied (the gateway's words after `error: `), in the reader's language. */
export function decisionFailureText(t: T, result: string): string {
  const error = result.replace(/^error: /, '');
  const cause = /is not reachable/.test(error)
    ? 'unreachable'
    : /is not a controllable/.test(error)
      ? 'notControllable'
      : /^no \w+ \S+ on this gateway/.test(error)
        ? 'unknownDevice'
        : 'other';
  return t('control.timeline.failed', { error: t(`control.failure.${cause}`) });
}

const MAINTENANCE_REASONS: Array<[RegExp, string]> = [
  [/^no report from the gateway$/, 'noReport'],
  [/^the maintenance window passed/, 'windowPassed'],
  [/^the window ended before the battery was full \((?<soc>[^ ]+) %\)/, 'windowEnded'],
  [/^the battery was already full$/, 'alreadyFull'],
];

/**
 * Why a maintenance charge ended as it did, in the reader's language: a code the worker stores, or one of the
 * gateway's English reasons (as it sends them, and as rows from before codes hold them).
 */
export function maintenanceReasonText(t: T, reason: string): string {
  if (reason.startsWith('{"key":')) {
    // as `coded` stores it (`@ilumen/i18n`): the worker's own reasons
    try {
      const { key } = JSON.parse(reason) as { key: string };
      if (key.startsWith('control.maintenance.reason.') && t.has(key)) return t(key);
    } catch {
      // not ours after all
    }
  }
  for (const [re, code] of MAINTENANCE_REASONS) {
    const m = re.exec(reason);
    if (m) return t(`control.maintenance.reason.${code}`, { ...m.groups });
  }
  return t('control.maintenance.reason.other');
}
