// Typed failures of the ENTSO-E client. Messages name the request (document type, zone, period) and never the
// security token.

export class EntsoeError extends Error {
  override name = 'EntsoeError';
}

/** HTTP 429: ENTSO-E bans the token/IP for a while; no request should be sent before `retryAt`. */
export class EntsoeRateLimitError extends EntsoeError {
  override name = 'EntsoeRateLimitError';
  constructor(
    message: string,
    /** How long to wait before the next request, ms. */
    readonly retryAfterMs: number,
    /** Epoch ms from which requests may be sent again. */
    readonly retryAt: number,
  ) {
    super(message);
  }
}

/** HTTP 401: the security token is missing, wrong or revoked. Retrying will not help. */
export class EntsoeAuthError extends EntsoeError {
  override name = 'EntsoeAuthError';
}

/** Any other HTTP failure (after the client's own retries for 5xx). */
export class EntsoeHttpError extends EntsoeError {
  override name = 'EntsoeHttpError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The request never got an HTTP answer (connection refused, reset, timeout). */
export class EntsoeNetworkError extends EntsoeError {
  override name = 'EntsoeNetworkError';
}

/** ENTSO-E answered with an Acknowledgement_MarketDocument refusing the request (other than "no matching data"). */
export class EntsoeRequestError extends EntsoeError {
  override name = 'EntsoeRequestError';
  constructor(
    message: string,
    readonly reasonCode: string,
    readonly reasonText: string,
  ) {
    super(message);
  }
}

/** The answer was not a document we understand. */
export class EntsoeParseError extends EntsoeError {
  override name = 'EntsoeParseError';
}
