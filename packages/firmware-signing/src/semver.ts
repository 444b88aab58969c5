/**
 * Just enough semver for rollout targeting and the gateway's downgrade rule (one copy for both, decision 063): precedence (prerelease before release, numeric identifiers numerically) and
 * ranges of comparators (`>=1.2.0 <1.5.0`, `1.4.2`, `*`, alternatives joined by `||`).
 */

interface Parsed {
  core: [number, number, number];
  pre: Array<string | number>;
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(v: string): Parsed | null {
  const m = VERSION.exec(v.trim());
  if (!m) return null;
  return {
    core: [Number(m[1]), Number(m[2]), Number(m[3])],
    pre: m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [],
  };
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new RangeError(`not a version: ${!x ? a : b}`);
  for (let i = 0; i < 3; i++) {
    const d = (x.core[i] ?? 0) - (y.core[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre.length === 0 || y.pre.length === 0)
    return x.pre.length === y.pre.length ? 0 : x.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return Math.sign(p - q);
    if (typeof p === 'number') return -1;
    if (typeof q === 'number') return 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

type Comparator = { op: '>=' | '>' | '<=' | '<' | '='; version: string };

/** Parses a range; null when it is not one. */
export function parseRange(range: string): Comparator[][] | null {
  const text = range.trim();
  if (text === '' || text === '*') return [[]];
  const alternatives: Comparator[][] = [];
  for (const alt of text.split('||')) {
    const set: Comparator[] = [];
    const tokens = alt
      .trim()
      .replace(/(>=|<=|>|<|=)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    if (tokens.length === 0) return null;
    for (const token of tokens) {
      const m = /^(>=|<=|>|<|=)?(.+)$/.exec(token);
      if (!m || !parseVersion(m[2] ?? '')) return null;
      set.push({ op: (m[1] as Comparator['op'] | undefined) ?? '=', version: m[2]! });
    }
    alternatives.push(set);
  }
  return alternatives;
}

export function isVersionRange(range: string): boolean {
  return parseRange(range) !== null;
}

/** Whether a version satisfies a range; a version that does not parse satisfies only `*`. */
export function satisfies(version: string | null, range: string): boolean {
  const alternatives = parseRange(range);
  if (!alternatives) throw new RangeError(`not a version range: ${range}`);
  if (alternatives.some((set) => set.length === 0)) return true;
  if (!version || !parseVersion(version)) return false;
  return alternatives.some((set) =>
    set.every(({ op, version: v }) => {
      const c = compareVersions(version, v);
      return op === '>=' ? c >= 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : op === '<' ? c < 0 : c === 0;
    }),
  );
}
