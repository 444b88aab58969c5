import { useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';

/** Reloads the page's data every `ms` while `active` (waiting for a gateway to answer or come online). */
export function usePoll(active: boolean, ms = 1500): void {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === 'idle' && document.visibilityState === 'visible') revalidator.revalidate();
    }, ms);
    return () => clearInterval(timer);
  }, [active, ms, revalidator]);
}
