/*
 * Every page gets only the messages of the namespaces its routes declare (decision 171). A route that uses a key of
 * a namespace it does not declare would show that key raw: this test reads each route and the app code it imports
 * and fails with the namespaces to add to its `handle`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appDir,
  declaredNamespaces,
  NAMESPACES,
  pageNamespaces,
  routeFiles,
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
});
