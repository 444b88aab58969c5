/**
 * Every failure of the client is a FluviusError with a stable `code` a job or the UI can branch on. Messages name
 * the route and status but never carry credentials, tokens or the subscription key (see redactor.ts).
 */

export const fluviusErrorCodes = [
  'config_invalid',
  'auth_failed',
  'subscription_key_rejected',
  'mandate_revoked',
  'rate_limited',
  'unavailable',
  'http_error',
  'unexpected_response',
  'request_refused',
] as const;
export type FluviusErrorCode = (typeof fluviusErrorCodes)[number];

export class FluviusError extends Error {
  readonly code: FluviusErrorCode;

  constructor(code: FluviusErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FluviusError';
    this.code = code;
  }
}

export class FluviusConfigError extends FluviusError {
  readonly problems: string[];

  constructor(problems: string[]) {
    super('config_invalid', `Invalid Fluvius client config: ${problems.join('; ')}`);
    this.name = 'FluviusConfigError';
    this.problems = problems;
  }
}

/** The token endpoint refused our credentials (`error` is Azure AD's code, e.g. `invalid_client`). */
export class FluviusAuthError extends FluviusError {
  readonly status: number;
  readonly error: string | null;

  constructor(
    code: 'auth_failed' | 'subscription_key_rejected',
    status: number,
    error: string | null,
    message: string,
  ) {
    super(code, message);
    this.name = 'FluviusAuthError';
    this.status = status;
    this.error = error;
  }
}

/** 401/403 on `Mandate/energy`: the homeowner withdrew the mandate (or it ended). Do not retry; tell the owner. */
export class MandateRevokedError extends FluviusError {
  readonly referenceNumber: string;
  readonly ean: string;
  readonly status: number;

  constructor(referenceNumber: string, ean: string, status: number) {
    super(
      'mandate_revoked',
      `Fluvius refused energy for mandate ${referenceNumber} / EAN ${ean} (HTTP ${status})`,
    );
    this.name = 'MandateRevokedError';
    this.referenceNumber = referenceNumber;
    this.ean = ean;
    this.status = status;
  }
}

/** Retries used up (or a Retry-After too long to wait): `rate_limited` after 429s, `unavailable` otherwise. */
export class FluviusRetriesExhaustedError extends FluviusError {
  readonly route: string;
  readonly attempts: number;
  readonly lastStatus: number | null;
  /** When Fluvius said when to come back (429 Retry-After), the earliest sensible retry. */
  readonly retryAfter: Date | null;

  constructor(
    route: string,
    attempts: number,
    lastStatus: number | null,
    retryAfter: Date | null,
    options?: { cause?: unknown },
  ) {
    const code = lastStatus === 429 ? 'rate_limited' : 'unavailable';
    const what = lastStatus === null ? 'a network error' : `HTTP ${lastStatus}`;
    super(code, `${route} failed after ${attempts} attempt(s); last: ${what}`, options);
    this.name = 'FluviusRetriesExhaustedError';
    this.route = route;
    this.attempts = attempts;
    this.lastStatus = lastStatus;
    this.retryAfter = retryAfter;
  }
}

/** A status we do not retry and that has no more specific meaning (400, 404, …). */
export class FluviusHttpError extends FluviusError {
  readonly route: string;
  readonly status: number;
  /** The start of the response body, redacted. */
  readonly bodySnippet: string;

  constructor(route: string, status: number, bodySnippet: string) {
    super('http_error', `${route} answered HTTP ${status}${bodySnippet ? `: ${bodySnippet}` : ''}`);
    this.name = 'FluviusHttpError';
    this.route = route;
    this.status = status;
    this.bodySnippet = bodySnippet;
  }
}

/** Fluvius answered 2xx with something we cannot read: not JSON, or not the shape we know. */
export class FluviusResponseError extends FluviusError {
  readonly route: string;
  readonly reason: 'malformed_json' | 'unexpected_shape';
  readonly issues: string[];

  constructor(route: string, reason: 'malformed_json' | 'unexpected_shape', issues: string[]) {
    const detail =
      reason === 'malformed_json' ? 'a body that is not JSON' : `an unexpected shape (${issues.join('; ')})`;
    super('unexpected_response', `${route} answered with ${detail}`);
    this.name = 'FluviusResponseError';
    this.route = route;
    this.reason = reason;
    this.issues = issues;
  }
}

/** Fluvius understood the request and said no in the body (`shortUrlIdentifier` with `status: "failed"`). */
export class FluviusRequestRefusedError extends FluviusError {
  readonly route: string;

  constructor(route: string, message: string) {
    super('request_refused', `${route} was refused: ${message}`);
    this.name = 'FluviusRequestRefusedError';
    this.route = route;
  }
}
