/** What a register row means. Electricity quarter-hours book each quarter on the day or the night register. */
export type CsvRegister =
  | { kind: 'energy'; direction: 'offtake' | 'injection'; tariff: 'day' | 'night' | 'total' }
  | { kind: 'reactive' }
  | { kind: 'peak' }
  | { kind: 'gas-or-single' };

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

const registers: Record<string, CsvRegister> = {
  'afname dag': { kind: 'energy', direction: 'offtake', tariff: 'day' },
  'afname nacht': { kind: 'energy', direction: 'offtake', tariff: 'night' },
  'injectie dag': { kind: 'energy', direction: 'injection', tariff: 'day' },
  'injectie nacht': { kind: 'energy', direction: 'injection', tariff: 'night' },
  'offtake day': { kind: 'energy', direction: 'offtake', tariff: 'day' },
  'offtake night': { kind: 'energy', direction: 'offtake', tariff: 'night' },
  'injection day': { kind: 'energy', direction: 'injection', tariff: 'day' },
  'injection night': { kind: 'energy', direction: 'injection', tariff: 'night' },
  // AMR meters have one active-energy register per direction.
  'afname actief': { kind: 'energy', direction: 'offtake', tariff: 'total' },
  'injectie actief': { kind: 'energy', direction: 'injection', tariff: 'total' },
  'offtake active': { kind: 'energy', direction: 'offtake', tariff: 'total' },
  'injection active': { kind: 'energy', direction: 'injection', tariff: 'total' },
  'afname capacitief': { kind: 'reactive' },
  'afname inductief': { kind: 'reactive' },
  'injectie capacitief': { kind: 'reactive' },
  'injectie inductief': { kind: 'reactive' },
  'offtake capacitive': { kind: 'reactive' },
  'offtake inductive': { kind: 'reactive' },
  'injection capacitive': { kind: 'reactive' },
  'injection inductive': { kind: 'reactive' },
  piekvermogen: { kind: 'peak' },
  'peak power': { kind: 'peak' },
  // Gas exports say just "Afname"; an electricity export with a single kWh register might too (unseen so far).
  afname: { kind: 'gas-or-single' },
  offtake: { kind: 'gas-or-single' },
};

export function classifyRegister(name: string): CsvRegister | null {
  return registers[normalise(name)] ?? null;
}

export type CsvUnit = 'kwh' | 'kvarh' | 'kw' | 'm3' | 'other';

export function classifyUnit(unit: string): CsvUnit {
  const key = unit.trim().toLowerCase().replace('³', '3');
  if (key === 'kwh' || key === 'kvarh' || key === 'kw' || key === 'm3') return key;
  return 'other';
}
