import { FluviusError } from '@ilumen/fluvius';
import { UnrecoverableError } from '@ilumen/jobs';

/**
 * Which failures are worth another try. A revoked mandate (already marked and told by MandateSync), a request Fluvius
 * refuses as wrong, credentials it does not accept: trying again gives the same answer, so the job stops there.
 * Rate limits, outages and the database are retried by BullMQ with the queue's backoff.
 */
export function asJobError(error: unknown): unknown {
  if (!(error instanceof FluviusError)) return error;
  switch (error.code) {
    case 'mandate_revoked':
    case 'config_invalid':
    case 'auth_failed':
    case 'subscription_key_rejected':
    case 'http_error':
    case 'request_refused':
      return new UnrecoverableError(error.message);
    default:
      return error;
  }
}

/** Runs a job body, turning permanent Fluvius failures into UnrecoverableError. */
export async function runJob<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw asJobError(error);
  }
}
