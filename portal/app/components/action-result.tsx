import { Alert } from '@mantine/core';
import { useFetcher } from '@remix-run/react';
import { useHydrated } from '~/lib/use-hydrated';
import { FormError } from './form-error';
import type { ActionData } from './form-modal';

/**
 * A form posted by its own fetcher (keyed, so its answer stays with it): the action's answer once it is back, the
 * field errors to put under the fields, whether it is on its way, and the submit button's props: spinning while on
 * its way, and disabled until React has taken over the page (a post before that would leave the page without the
 * answer).
 */
export function useActionFetcher(key: string) {
  const fetcher = useFetcher<ActionData>({ key });
  const hydrated = useHydrated();
  const result = fetcher.state === 'idle' ? fetcher.data : undefined;
  const errors: Record<string, string> = result && !result.ok ? result.fieldErrors : {};
  const busy = fetcher.state !== 'idle';
  return { fetcher, result, errors, busy, submit: { loading: busy, disabled: !hydrated } };
}

/** What the action answered: saved (green, a status) or refused (red, an alert); nothing before the first post. */
export function ActionResult({ result }: { result: ActionData | undefined }) {
  if (!result) return null;
  return result.ok ? (
    <Alert color="green" variant="light" role="status">
      {result.message}
    </Alert>
  ) : (
    <FormError message={result.message} fieldErrors={result.fieldErrors} />
  );
}
