import type { ServerBuild } from '@remix-run/node';
import { type AgnosticRouteObject, matchRoutes } from '@remix-run/router';

/**
 * The message namespaces a page needs (decision 171): the union of the `handle.i18n` its matched routes declare
 * (root's included), found from the request's path as Remix will match it. A page's data request (`/x.data`,
 * `/_root.data` for `/`) asks for the same page's namespaces.
 */
export type I18nHandle = { i18n?: readonly string[] };

const trees = new WeakMap<ServerBuild, AgnosticRouteObject[]>();

function routeTree(build: ServerBuild): AgnosticRouteObject[] {
  let tree = trees.get(build);
  if (!tree) {
    const children = (parentId: string | undefined): AgnosticRouteObject[] =>
      Object.values(build.routes)
        .filter((r) => r?.parentId === parentId)
        .map((r) =>
          r!.index
            ? { id: r!.id, index: true, path: r!.path, caseSensitive: r!.caseSensitive }
            : { id: r!.id, path: r!.path, caseSensitive: r!.caseSensitive, children: children(r!.id) },
        );
    tree = children(undefined);
    trees.set(build, tree);
  }
  return tree;
}

export function messageNamespaces(build: ServerBuild, pathname: string): string[] {
  let path = pathname;
  if (path === '/_root.data') path = '/';
  else if (path.endsWith('.data')) path = path.slice(0, -'.data'.length);
  const ids = (matchRoutes(routeTree(build), path) ?? []).map((m) => m.route.id!);
  if (!ids.includes('root')) ids.unshift('root');
  const out = new Set<string>();
  for (const id of ids)
    for (const ns of (build.routes[id]?.module.handle as I18nHandle | undefined)?.i18n ?? []) out.add(ns);
  return [...out];
}
