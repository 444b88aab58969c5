import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  catalogs,
  coded,
  formatDateTime,
  formatKw,
  formatKwh,
  formatNumber,
  type Locale,
  translator,
} from '@ilumen/i18n';
import { describe, expect, it } from 'vitest';
import { foreignText } from '../../../test/support/walk';
import { decisionFailureText, decisionText, maintenanceReasonText } from './decision-text';

// The iLusmart's control decisions travel as a code with its numbers and are said in the reader's language here; the
// gateway's English reason never reaches the page's text (issue 14 §4).

const controllers = path.resolve(__dirname, '../../../../gateway-firmware/src/control/controllers');
/** Every decision code a controller of the gateway sends (`code: 'chg.smart'`, `code: x ? 'lb.pause' : 'lb.set'`). */
const gatewayCodes = [
  ...new Set(
    readdirSync(controllers)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) => {
        const source = readFileSync(path.join(controllers, f), 'utf8');
        return [...source.matchAll(/'((?:peak|dyn|lb|mnt|chg|timer|boiler)\.[A-Za-z]+)'/g)].map((m) => m[1]!);
      }),
  ),
];

const format = (locale: Locale) => ({
  number: (v: number, d = 0) => formatNumber(locale, v, d),
  kw: (w: number) => formatKw(locale, w),
  kwh: (wh: number) => formatKwh(locale, wh),
  dateTime: (v: Date | string) => formatDateTime(locale, v),
});

const decision = (
  controller: string,
  action: string,
  reason: string,
  values: Record<string, string | number | boolean | null>,
) => ({
  type: 'control.decision',
  controller,
  action,
  reason,
  code: typeof values.code === 'string' ? values.code : null,
  values,
  deviceKey: 'charger1',
});

describe('control decisions in the reader’s language', () => {
  it('has a text in nl, fr and en for every code the gateway sends', () => {
    expect(gatewayCodes).toEqual(
      expect.arrayContaining(['chg.fast', 'chg.smart', 'timer.start', 'boiler.cold']),
    );
    for (const locale of ['nl', 'fr', 'en'] as const)
      for (const code of gatewayCodes)
        expect(catalogs[locale], `${locale} ${code}`).toHaveProperty([`control.reason.${code}`]);
  });

  it.each(['nl', 'fr'] as const)(
    'says coded and older uncoded decisions in %s, never in English',
    (locale) => {
      const t = translator(locale);
      const f = format(locale);
      const name = () => 'iLucharge Wallbox';
      const lines = [
        decisionText(
          t,
          f,
          decision('charging', 'charger.current', 'fast charging: full current', {
            code: 'chg.fast',
            amps: 32,
          }),
          name,
        ),
        decisionText(
          t,
          f,
          decision(
            'charging',
            'charger.current',
            'smart: solar surplus 1840 W with 0 % from the grid allowed: 8 A',
            {
              code: 'chg.smart',
              surplusW: 1840,
              gridSharePct: 0,
              amps: 8,
            },
          ),
          name,
        ),
        // a row a gateway wrote before codes: said from what it asked of the device
        decisionText(
          t,
          f,
          decision('charging', 'charger.current', 'fast charging: full current', { amps: 32 }),
          name,
        ),
        decisionText(
          t,
          f,
          decision(
            'peakShaving',
            'battery.setpoint',
            'keeping the quarter under 2.5 kW (the home takes 3.1 kW): discharge at least 600 W',
            {
              watts: -600,
            },
          ),
          name,
        ),
        decisionText(
          t,
          f,
          decision('solarBoiler', 'heat.enable', 'exporting 2100 W for 60 s: heat water with the surplus', {
            on: true,
          }),
          name,
        ),
        decisionFailureText(t, 'error: no charger charger1 on this gateway'),
        maintenanceReasonText(t, 'the window ended before the battery was full (64 %)'),
        maintenanceReasonText(t, 'no report from the gateway'),
        maintenanceReasonText(t, coded('control.maintenance.reason.noReport')),
      ];
      for (const line of lines) {
        expect(line).toBeTruthy();
        expect(foreignText(line!, locale), line!).toEqual([]);
        expect(line).not.toMatch(/charging|current|keeping|window|gateway|full/);
      }
      expect(lines[1]).toContain('8 A');
      expect(lines[2]).toContain('32 A');
      expect(lines[6]).toContain('64');
    },
  );
});
