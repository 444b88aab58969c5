import { createHash, verify, X509Certificate } from 'node:crypto';
import type { TokenErrorWire, TokenResponseWire } from '../wire/token-wire';
import type { SimulatorOptions } from './simulator-options';

export type TokenOutcome =
  | { status: 200; body: TokenResponseWire }
  | { status: 400 | 401; body: TokenErrorWire };

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function refuse(status: 400 | 401, error: string, description: string): TokenOutcome {
  return { status, body: { error, error_description: description } };
}

function decodeJson(part: string | undefined): Record<string, unknown> | null {
  if (!part) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Checks an RS256 client assertion the way Azure AD does: x5t, signature, issuer/subject, audience, lifetime. */
function checkAssertion(assertion: string, options: SimulatorOptions, now: Date): string | null {
  if (!options.clientCertificatePem) return 'AADSTS700027: no certificate registered for this application';
  const [headerPart, claimsPart, signaturePart] = assertion.split('.');
  const header = decodeJson(headerPart);
  const claims = decodeJson(claimsPart);
  if (!header || !claims || !signaturePart) return 'AADSTS50027: invalid JWT token';
  if (header.alg !== 'RS256') return 'AADSTS5002738: unsupported alg';
  const certificate = new X509Certificate(options.clientCertificatePem);
  const thumbprint = createHash('sha1').update(certificate.raw).digest();
  if (header.x5t !== thumbprint.toString('base64url') && header.x5t !== thumbprint.toString('base64')) {
    return 'AADSTS700027: the certificate with identifier used to sign the client assertion is not registered';
  }
  const signed = Buffer.from(`${headerPart}.${claimsPart}`);
  if (!verify('sha256', signed, certificate.publicKey, Buffer.from(signaturePart, 'base64url'))) {
    return 'AADSTS700027: client assertion failed signature validation';
  }
  if (claims.iss !== options.clientId || claims.sub !== options.clientId)
    return 'AADSTS700021: wrong issuer or subject';
  const audiences = [
    `https://login.microsoftonline.com/${options.tenantId}/v2.0`,
    `https://login.microsoftonline.com/${options.tenantId}/oauth2/v2.0/token`,
  ];
  if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud))
    return 'AADSTS700212: wrong audience';
  const seconds = now.getTime() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp <= seconds)
    return 'AADSTS700024: client assertion is not within its valid time range';
  if (typeof claims.nbf === 'number' && claims.nbf > seconds + 300)
    return 'AADSTS700024: client assertion is not yet valid';
  return null;
}

/** POST {tenant}/oauth2/v2.0/token with a client secret or a certificate assertion; answers like Azure AD v2. */
export function handleTokenRequest(
  form: URLSearchParams,
  options: SimulatorOptions,
  now: Date,
  issue: () => string,
): TokenOutcome {
  if (form.get('grant_type') !== 'client_credentials') {
    return refuse(400, 'unsupported_grant_type', 'AADSTS70003: only client_credentials is supported here');
  }
  if (!form.get('scope'))
    return refuse(400, 'invalid_request', "AADSTS900144: The request body must contain 'scope'");
  if (form.get('client_id') !== options.clientId) {
    return refuse(400, 'unauthorized_client', 'AADSTS700016: Application was not found in the directory');
  }
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (secret !== options.clientSecret)
      return refuse(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided');
  } else if (assertion !== null && form.get('client_assertion_type') === ASSERTION_TYPE) {
    const problem = checkAssertion(assertion, options, now);
    if (problem) return refuse(401, 'invalid_client', problem);
  } else {
    return refuse(
      401,
      'invalid_client',
      "AADSTS7000218: The request body must contain 'client_assertion' or 'client_secret'",
    );
  }
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: options.tokenLifetimeSeconds,
      ext_expires_in: options.tokenLifetimeSeconds,
      access_token: issue(),
    },
  };
}
