import type { LiveSnapshot } from '../../energy/live';
import type { LiveCheck } from './state';

/** Live values older than this do not show the installation works now. */
export const LIVE_FRESH_S = 60;
/** 230 V ± 10 % (EN 50160). */
export const VOLTAGE_MIN_V = 207;
export const VOLTAGE_MAX_V = 253;
/** The largest powers a residential device of each kind plausibly has (W). */
const MAX_BATTERY_W = 15_000;
const MAX_CHARGER_W = 22_000;

export interface LiveCheckInput {
  snapshot: LiveSnapshot | null;
  now: Date;
  gridPhases: number;
  mainFuseA: number;
  /** The site's configured Modbus devices by type (what must show up in the live values). */
  devices: Array<{ type: 'inverter' | 'battery' | 'charger' | 'heat' }>;
  /** The EAN the installer typed; compared with the one the meter reports in its telegrams. */
  ean?: string | null;
  /** Recent `p1.error` events from the gateway (newest first): they say why telegrams are missing. */
  p1Errors: Array<{ code: string; message: string }>;
}

const W = (w: number) => `${Math.round(w)} W`;

/**
 * The installation's live check (decisions 040–042): P1 telegrams arriving, per-phase values plausible, each configured device
 * present with plausible readings. Each check says what it saw and, when it fails, what to do about it.
 */
export function runLiveCheck(input: LiveCheckInput): LiveCheck[] {
  const checks: LiveCheck[] = [];
  const add = (
    id: string,
    ok: boolean,
    messageKey: string,
    params: LiveCheck['params'] = {},
    value: string | null = null,
    severity: LiveCheck['severity'] = 'error',
  ) =>
    checks.push({
      id,
      ok,
      severity,
      messageKey: ok ? `commissioning.check.${id.split('.')[0]}.ok` : messageKey,
      params,
      value,
    });
  const snap = input.snapshot;
  const ageS = snap ? Math.round((input.now.getTime() - Date.parse(snap.receivedAt)) / 1000) : null;

  if (!snap) {
    add('live', false, 'commissioning.check.live.none');
    return checks;
  }
  if (ageS !== null && ageS > LIVE_FRESH_S) {
    add('live', false, 'commissioning.check.live.old', { seconds: ageS });
    return checks;
  }
  add('live', true, '', {}, `${ageS ?? 0} s`);

  const grid = snap.live.grid;
  const p1Error = input.p1Errors[0];
  if (!grid) {
    add(
      'p1',
      false,
      p1Error ? 'commissioning.check.p1.error' : 'commissioning.check.p1.none',
      p1Error ? { code: p1Error.code, message: p1Error.message } : {},
    );
  } else {
    add('p1', true, '', {}, `${W(grid.importW)} / ${W(grid.exportW)}`);
    // a meter older than e-MUCS 2.1.1 does not say its EAN: then there is nothing to compare
    if (input.ean && grid.meterEan)
      add(
        'ean',
        grid.meterEan === input.ean,
        'commissioning.check.ean.mismatch',
        { typed: input.ean, meter: grid.meterEan },
        grid.meterEan,
      );
    const phases = grid.phases ?? {};
    const present = (['l1', 'l2', 'l3'] as const).filter((p) => phases[p]?.voltageV !== undefined);
    add(
      'phases',
      present.length === input.gridPhases,
      'commissioning.check.phases.mismatch',
      { seen: present.length, expected: input.gridPhases },
      present.map((p) => p.toUpperCase()).join(', ') || '—',
    );
    for (const p of present) {
      const v = phases[p]!.voltageV!;
      add(
        `voltage.${p}`,
        v >= VOLTAGE_MIN_V && v <= VOLTAGE_MAX_V,
        'commissioning.check.voltage.out',
        { phase: p.toUpperCase(), min: VOLTAGE_MIN_V, max: VOLTAGE_MAX_V },
        `${v.toFixed(1)} V`,
      );
      const a = phases[p]!.currentA;
      if (a !== undefined) {
        add(
          `current.${p}`,
          a <= input.mainFuseA * 1.1,
          'commissioning.check.current.over',
          { phase: p.toUpperCase(), fuse: input.mainFuseA },
          `${a.toFixed(1)} A`,
        );
      }
    }
  }

  const maxSiteW = input.gridPhases * 230 * input.mainFuseA;
  const has = (t: LiveCheckInput['devices'][number]['type']) =>
    input.devices.filter((d) => d.type === t).length;
  if (has('inverter')) {
    const pv = snap.live.pv;
    if (!pv) add('pv', false, 'commissioning.check.pv.missing');
    else
      add(
        'pv',
        pv.w >= 0 && pv.w <= maxSiteW * 1.5,
        'commissioning.check.pv.implausible',
        { max: Math.round(maxSiteW * 1.5) },
        W(pv.w),
      );
  }
  if (has('battery')) {
    const b = snap.live.battery;
    if (!b) add('battery', false, 'commissioning.check.battery.missing');
    else if (b.status === 'Fout')
      add('battery', false, 'commissioning.check.device.fault', { device: 'iLubat' }, b.status);
    else
      add(
        'battery',
        Math.abs(b.w) <= MAX_BATTERY_W && b.socPct >= 0 && b.socPct <= 100,
        'commissioning.check.battery.implausible',
        { max: MAX_BATTERY_W },
        `${W(b.w)} · ${b.socPct.toFixed(0)} %`,
      );
  }
  if (has('charger')) {
    const chargers = snap.live.chargers ?? [];
    if (chargers.length < has('charger'))
      add('charger', false, 'commissioning.check.charger.missing', {
        seen: chargers.length,
        expected: has('charger'),
      });
    else {
      const faulty = chargers.find((c) => c.status === 'Fout');
      const tooHigh = chargers.find((c) => c.w > MAX_CHARGER_W);
      if (faulty)
        add('charger', false, 'commissioning.check.device.fault', { device: 'iLucharge' }, faulty.status);
      else
        add(
          'charger',
          !tooHigh,
          'commissioning.check.charger.implausible',
          { max: MAX_CHARGER_W },
          chargers.map((c) => `${W(c.w)} (${c.status})`).join(', '),
        );
    }
  }
  if (has('heat')) {
    const h = snap.live.heat;
    if (!h) add('heat', false, 'commissioning.check.heat.missing');
    else if (h.status === 'Fout')
      add('heat', false, 'commissioning.check.device.fault', { device: 'iLuheat' }, h.status);
    else
      add(
        'heat',
        h.tempC >= 5 && h.tempC <= 95,
        'commissioning.check.heat.implausible',
        {},
        `${h.tempC.toFixed(1)} °C`,
      );
  }
  return checks;
}

/** Every blocking check passed. */
export function liveCheckPassed(checks: LiveCheck[]): boolean {
  return checks.length > 0 && checks.every((c) => c.ok || c.severity === 'warning');
}
