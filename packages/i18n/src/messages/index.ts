import { audit } from './areas/audit';
import { bill } from './areas/bill';
import { codes } from './areas/codes';
import { companyCar } from './areas/company-car';
import { comparison } from './areas/comparison';
import { consoleOps } from './areas/console-ops';
import { control } from './areas/control';
import { core } from './areas/core';
import { energy } from './areas/energy';
import { faults } from './areas/faults';
import { firmware } from './areas/firmware';
import { fluvius } from './areas/fluvius';
import { gateway } from './areas/gateway';
import { home } from './areas/home';
import { modules } from './areas/modules';
import { titles } from './areas/titles';

/**
 * Every message area. Each feature keeps its texts in its own file under `areas/` (so parallel work does not edit one
 * big catalog) and adds one line here.
 */
const areas = [
  core,
  home,
  energy,
  fluvius,
  gateway,
  consoleOps,
  modules,
  firmware,
  control,
  titles,
  faults,
  codes,
  bill,
  companyCar,
  comparison,
  audit,
] as const;

type Area = (typeof areas)[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
type NlOf<A> = A extends { nl: infer N } ? N : never;

export type NlCatalog = UnionToIntersection<NlOf<Area>>;
export type MessageKey = keyof NlCatalog & string;
export type Messages = Record<MessageKey, string>;

function merge(locale: 'nl' | 'fr' | 'en'): Messages {
  const out: Record<string, string> = {};
  for (const area of areas) {
    for (const [key, text] of Object.entries(area[locale])) {
      if (key in out) throw new Error(`i18n: message key "${key}" is defined twice`);
      out[key] = text;
    }
  }
  return out as Messages;
}

export const nl = /* @__PURE__ */ merge('nl');
export const fr = /* @__PURE__ */ merge('fr');
export const en = /* @__PURE__ */ merge('en');
