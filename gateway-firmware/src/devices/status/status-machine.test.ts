import { describe, expect, it } from 'vitest';
import { describeError } from './error-codes';
import { StatusMachine } from './status-machine';
import {
  BATTERY_STATUSES,
  BATTERY_TRANSITIONS,
  CHARGER_STATUSES,
  CHARGER_TRANSITIONS,
  HEAT_STATUSES,
  HEAT_TRANSITIONS,
  type TransitionTable,
} from './statuses';

const at = new Date('2025-03-30T01:15:00Z');
const now = () => at;
const fault = describeError(201);

function machine<S extends string>(table: TransitionTable<S>) {
  return new StatusMachine<S>('dev-1', 'charger', table, 'Fout' as S, now);
}

describe('the manual statuses', () => {
  it('are exactly those of the user manual, chapter 3A', () => {
    expect(BATTERY_STATUSES).toEqual(['Standby', 'Laden', 'Ontladen', 'Fout']);
    expect(HEAT_STATUSES).toEqual(['Inactief/standby', 'Laden', 'Fout']);
    expect(CHARGER_STATUSES).toEqual(['Start', 'Standby', 'EV geconnecteerd', 'Laden', 'Slaapt', 'Fout']);
  });

  it.each([
    ['battery', BATTERY_STATUSES, BATTERY_TRANSITIONS],
    ['heat', HEAT_STATUSES, HEAT_TRANSITIONS],
    ['charger', CHARGER_STATUSES, CHARGER_TRANSITIONS],
  ] as const)('%s: every status can be reached from every other one', (_, statuses, table) => {
    for (const from of statuses) {
      for (const to of statuses) {
        const m = machine<string>(table as TransitionTable<string>);
        m.transition(from, from === 'Fout' ? fault : undefined);
        const changes = m.moveTo(to, to === 'Fout' ? fault : undefined);
        expect(m.status, `${from} → ${to}`).toBe(to);
        // Every step of the way is an allowed change.
        for (const c of changes)
          expect(c.from === c.to || table[c.from as keyof typeof table]?.includes(c.to as never)).toBe(true);
      }
    }
  });
});

describe('StatusMachine', () => {
  it('adopts the first status without a check, as a change from null', () => {
    const m = machine(CHARGER_TRANSITIONS);
    expect(m.transition('Laden')).toEqual({
      ok: true,
      change: {
        deviceId: 'dev-1',
        deviceType: 'charger',
        from: null,
        to: 'Laden',
        at: '2025-03-30T01:15:00.000Z',
      },
    });
  });

  it('refuses a change its table does not list, and stays where it was', () => {
    const m = machine(CHARGER_TRANSITIONS);
    m.transition('Standby');
    expect(m.transition('Laden')).toEqual({
      ok: false,
      reason: 'Standby → Laden is not a charger status change',
    });
    expect(m.transition('Slaapt').ok).toBe(false);
    expect(m.status).toBe('Standby');
    const h = new StatusMachine('boiler', 'heat', HEAT_TRANSITIONS, 'Fout', now);
    h.transition('Fout', describeError(303));
    expect(h.transition('Laden').ok).toBe(false);
  });

  it('gives no change for the same status', () => {
    const m = machine(BATTERY_TRANSITIONS);
    m.transition('Laden');
    expect(m.transition('Laden')).toEqual({ ok: true, change: null });
  });

  it('requires an error code and text with Fout, and only with Fout', () => {
    const m = machine(CHARGER_TRANSITIONS);
    m.transition('Standby');
    expect(m.transition('Fout').ok).toBe(false);
    expect(m.transition('EV geconnecteerd', fault).ok).toBe(false);
    const res = m.transition('Fout', fault);
    expect(res).toMatchObject({
      ok: true,
      change: {
        from: 'Standby',
        to: 'Fout',
        error: { code: 201, text: 'Lekstroom gedetecteerd (aardlekbeveiliging)' },
      },
    });
    expect(m.error).toEqual(fault);
  });

  it('reports a new error code while in Fout as a change of its own', () => {
    const m = machine(CHARGER_TRANSITIONS);
    m.transition('Fout', fault);
    expect(m.transition('Fout', fault)).toEqual({ ok: true, change: null });
    const res = m.transition('Fout', describeError(203));
    expect(res).toMatchObject({ ok: true, change: { from: 'Fout', to: 'Fout', error: { code: 203 } } });
  });

  it('fills in missed statuses along allowed changes, never through Fout', () => {
    const m = machine(CHARGER_TRANSITIONS);
    m.transition('Standby');
    const changes = m.moveTo('Laden');
    expect(changes.map((c) => [c.from, c.to])).toEqual([
      ['Standby', 'EV geconnecteerd'],
      ['EV geconnecteerd', 'Laden'],
    ]);
    m.transition('Fout', fault);
    expect(m.moveTo('Slaapt').map((c) => c.to)).toEqual(['EV geconnecteerd', 'Slaapt']);
    expect(changes.every((c) => c.error === undefined)).toBe(true);
  });

  it('returns to Standby before charging after a battery fault', () => {
    const m = new StatusMachine('bat', 'battery', BATTERY_TRANSITIONS, 'Fout', now);
    m.transition('Fout', describeError(101));
    expect(m.moveTo('Laden').map((c) => `${c.from}→${c.to}`)).toEqual(['Fout→Standby', 'Standby→Laden']);
  });
});
