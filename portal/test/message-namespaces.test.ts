/*
 * Every page gets only the messages of the namespaces its routes declare (decision 171). A route that uses a key of
 * a namespace it does not declare would show that key raw: this test reads each route and the app code it imports
 * and fails with the namespaces to add to its `handle`.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appDir,
  codesFile,
  declaredNamespaces,
  layoutFiles,
  literalNamespaces,
  NAMESPACES,
  pageNamespaces,
  routeFiles,
  sharedNamespaceLists,
  usedNamespaces,
} from './support/message-usage';

const root = new Set(declaredNamespaces(path.join(appDir, 'root.tsx')));

describe('message namespaces', () => {
  it('the root declares what it uses itself', () => {
    expect([...usedNamespaces(path.join(appDir, 'root.tsx'))].filter((n) => !root.has(n))).toEqual([]);
  });

  it('each route declares every namespace its code uses, and only namespaces that exist', () => {
    const missing: string[] = [];
    for (const file of routeFiles()) {
      for (const ns of declaredNamespaces(file))
        expect(NAMESPACES, `${path.basename(file)} declares ${ns}`).toContain(ns);
      // what its layouts declare reaches the page too (the server sends every matched route's namespaces)
      const declared = pageNamespaces(file);
      const lacking = [...usedNamespaces(file)].filter((n) => !root.has(n) && !declared.includes(n));
      if (lacking.length) missing.push(`${path.basename(file)}: add ${lacking.join(', ')}`);
    }
    expect(missing).toEqual([]);
  });

  it('homeowner routes add only their own namespaces: none repeats what its frame or the shared lists give', () => {
    const shared = sharedNamespaceLists();
    // the shared list for device codes is what @ilumen/i18n's code translators use (with the frame's `modules`)
    const codes = [...literalNamespaces(readFileSync(codesFile, 'utf8'))].filter((n) => NAMESPACES.has(n));
    const given = new Set([...(shared.get('DEVICE_CODES') ?? []), ...(shared.get('HOME_PAGE') ?? [])]);
    expect(codes.filter((n) => !given.has(n))).toEqual([]);
    const repeated: string[] = [];
    for (const file of routeFiles().filter((f) => /\/app\.[^/]+$/.test(f))) {
      const fromLayouts = new Set(layoutFiles(file).flatMap((f) => declaredNamespaces(f)));
      const own = declaredNamespaces(file);
      const twice = own.filter((n, i) => fromLayouts.has(n) || own.indexOf(n) !== i);
      if (twice.length) repeated.push(`${path.basename(file)}: ${twice.join(', ')}`);
    }
    expect(repeated).toEqual([]);
  });
});
