import { Alert } from '@mantine/core';
import { useFetcher } from '@remix-run/react';
import { FormError } from './form-error';
import type { ActionData } from './form-modal';

/**
 * A form posted by its own fetcher (keyed, so its answer stays with it): the action's answer once it is back, the
 * field errors to put under the fields, and whether it is on its way.
 */
export function useActionFetcher(key: string) {
  const fetcher = useFetcher<ActionData>({ key });
  const result = fetcher.state === 'idle' ? fetcher.data : undefined;
  const errors: Record<string, string> = result && !result.ok ? result.fieldErrors : {};
  return { fetcher, result, errors, busy: fetcher.state !== 'idle' };
}

/** What the action answered: saved (green, a status) or refused (red, an alert); nothing before the first post. */
export function ActionResult({ result }: { result: ActionData | undefined }) {
  if (!result) return null;
  return result.ok ? (
    <Alert color="green" variant="light" role="status">
      {result.message}
    </Alert>
  ) : (
    <FormError message={result.message} />
  );
}
