import { useRouteError } from '@remix-run/react';
import { ErrorPage } from '~/root';

/** A page under /app that fails keeps the homeowner frame around its message. */
export function HomeError() {
  return <ErrorPage error={useRouteError()} />;
}
