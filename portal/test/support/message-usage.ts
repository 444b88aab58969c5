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
const i18nSrc = path.resolve(appDir, '../../packages/i18n/src');
export const codesFile = path.join(i18nSrc, 'codes.ts');

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

export function literalNamespaces(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(/['"`]([a-zA-Z]+)\.[a-zA-Z0-9_$]/g))
    if (NAMESPACES.has(m[1]!)) found.add(m[1]!);
  return found;
}

/**
 * A permission's name (`policy.can(actor, 'sites.list')`, `requirePermission(ctx.actor, 'firmware.manage')`) looks
 * like a message key but is none: the namespace it starts with is not counted for it.
 */
const PERMISSION_CHECK = /\b(?:can|canOnOrg|canOnSite|requirePermission)\(([^()]*)\)/g;
export function withoutPermissionNames(text: string): string {
  return text.replace(PERMISSION_CHECK, (call) => call.replace(/'[^']*'/g, "''"));
}

const CODE_TRANSLATORS =
  /\b(deviceStatusText|faultText|refusalText|codedText|gatewayReasonText|deviceErrorText|alarmText)\b/;
/** `alarmText` names alarms and devices besides the codes it translates with the others. */
const ALARM_TEXT = /\balarmText\b/;
const own = new Map<string, { namespaces: Set<string>; imports: string[] }>();

function scanFile(file: string) {
  let hit = own.get(file);
  if (!hit) {
    const text = readFileSync(file, 'utf8');
    const namespaces = literalNamespaces(withoutPermissionNames(text));
    const imports: string[] = [];
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      const resolved = resolveImport(file, spec);
      if (resolved) imports.push(resolved);
      if (spec === '@ilumen/i18n' && CODE_TRANSLATORS.test(m[0]))
        for (const ns of literalNamespaces(readFileSync(codesFile, 'utf8'))) namespaces.add(ns);
      if (spec === '@ilumen/i18n' && ALARM_TEXT.test(m[0]))
        for (const ns of literalNamespaces(readFileSync(path.join(i18nSrc, 'alarm-text.ts'), 'utf8')))
          namespaces.add(ns);
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

/** The shared lists routes spread into their `handle.i18n` (`...DEVICE_CODES`), by name. */
export function sharedNamespaceLists(): Map<string, string[]> {
  const text = readFileSync(path.join(appDir, 'lib/i18n-namespaces.ts'), 'utf8');
  return new Map(
    [...text.matchAll(/export const (\w+) = \[([^\]]*)\]/g)].map((m) => [
      m[1]!,
      [...m[2]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!),
    ]),
  );
}

/**
 * The namespaces a route module declares in its `handle`: `i18n: ['sites', 'common']`, with the shared lists it
 * names (`i18n: [...DEVICE_CODES, 'energy']`, `i18n: HOME_PAGE`).
 */
export function declaredNamespaces(file: string): string[] {
  const m = /\bi18n:\s*(\[[^\]]*\]|\w+)/.exec(readFileSync(file, 'utf8'));
  if (!m) return [];
  const shared = sharedNamespaceLists();
  return [...m[1]!.matchAll(/'([^']+)'|(\w+)/g)].flatMap((x) => (x[1] ? [x[1]] : (shared.get(x[2]!) ?? [])));
}

/**
 * The route modules a route is nested in (its layouts), as Remix's flat routes nest them: `app.sites.$siteId.battery`
 * in `app`, `app.sites` and `app.sites.$siteId` where those files exist; a segment ending in `_` (`app.chargers_`)
 * opts out of its layout. The server sends a page the namespaces of all its matched routes (root's included).
 */
export function layoutFiles(file: string): string[] {
  const segments = path
    .basename(file)
    .replace(/\.tsx?$/, '')
    .split('.');
  const out: string[] = [];
  for (let k = 1; k < segments.length; k++) {
    if (segments[k - 1]!.endsWith('_')) continue;
    const base = path.join(path.dirname(file), segments.slice(0, k).join('.'));
    for (const candidate of [`${base}.tsx`, `${base}.ts`]) if (existsSync(candidate)) out.push(candidate);
  }
  return out;
}

/** What a page of this route gets: its own namespaces and its layouts'. */
export function pageNamespaces(file: string): string[] {
  return [...new Set([...layoutFiles(file), file].flatMap((f) => declaredNamespaces(f)))];
}

export function routeFiles(): string[] {
  const dir = path.join(appDir, 'routes');
  return readdirSync(dir)
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}
