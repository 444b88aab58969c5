import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogs } from '@ilumen/i18n';

/**
 * Which message namespaces a route's code can use (decision 171): every string in the route's file and in the app
 * files it imports, directly or not, that starts with a namespace of the catalog (`'sites.status.active'`,
 * `` `devices.type.${t}` ``), and the namespaces of `@ilumen/i18n`'s code translators it imports.
 */
export const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../app');
const codesFile = path.resolve(appDir, '../../packages/i18n/src/codes.ts');

export const NAMESPACES = new Set(Object.keys(catalogs.nl).map((k) => k.slice(0, k.indexOf('.'))));

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('~/')) base = path.join(appDir, spec.slice(2));
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`])
    if (existsSync(candidate) && !candidate.endsWith('/') && /\.tsx?$/.test(candidate)) return candidate;
  return null;
}

function literalNamespaces(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(/['"`]([a-zA-Z]+)\.[a-zA-Z0-9_$]/g))
    if (NAMESPACES.has(m[1]!)) found.add(m[1]!);
  return found;
}

const CODE_TRANSLATORS =
  /\b(deviceStatusText|faultText|refusalText|codedText|gatewayReasonText|deviceErrorText)\b/;
const own = new Map<string, { namespaces: Set<string>; imports: string[] }>();

function scanFile(file: string) {
  let hit = own.get(file);
  if (!hit) {
    const text = readFileSync(file, 'utf8');
    const namespaces = literalNamespaces(text);
    const imports: string[] = [];
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      const resolved = resolveImport(file, spec);
      if (resolved) imports.push(resolved);
      if (spec === '@ilumen/i18n' && CODE_TRANSLATORS.test(m[0]))
        for (const ns of literalNamespaces(readFileSync(codesFile, 'utf8'))) namespaces.add(ns);
    }
    hit = { namespaces, imports };
    own.set(file, hit);
  }
  return hit;
}

/** The namespaces a module and everything it imports from the app may use. */
export function usedNamespaces(file: string): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const walk = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    const { namespaces, imports } = scanFile(f);
    for (const ns of namespaces) out.add(ns);
    for (const i of imports) walk(i);
  };
  walk(file);
  return out;
}

/** The namespaces a route module declares in its `handle` (`i18n: ['sites', 'common']`). */
export function declaredNamespaces(file: string): string[] {
  const m = /\bi18n:\s*\[([^\]]*)\]/.exec(readFileSync(file, 'utf8'));
  return m ? [...m[1]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!) : [];
}

export function routeFiles(): string[] {
  const dir = path.join(appDir, 'routes');
  return readdirSync(dir)
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}
