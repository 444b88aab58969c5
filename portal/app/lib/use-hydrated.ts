import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False in the server's HTML and until React has taken over the page, true after. Controls that only work through
 * JavaScript (a fetcher form, a slider feeding a hidden field) stay disabled until then: a tap on a slow phone before
 * hydration would otherwise post the form natively, with the hidden fields' defaults, and leave the page.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
