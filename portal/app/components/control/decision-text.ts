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

type Format = { number: (v: number, digits?: number) => string; kw: (w: number) => string };

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
 * A decision in the reader's language, from its code and values; the gateway's own (English) reason when the code is
 * not one we know — it is shown under it anyway, for support.
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
  };
  if (!item.code) return null;
  const key = `control.reason.${item.code}`;
  const text = t(key, params);
  if (text === key) return null;
  if (item.code === 'peak.exceeded' && typeof v.cause === 'string') {
    const cause = t(`control.capacity.cause.${v.cause}`);
    return `${text} ${cause.startsWith('control.') ? '' : cause}`.trim();
  }
  return text;
}
