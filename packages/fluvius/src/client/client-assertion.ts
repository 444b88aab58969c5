import { createHash, randomUUID, sign, X509Certificate } from 'node:crypto';

export interface ClientAssertionInput {
  clientId: string;
  audience: string;
  privateKeyPem: string;
  certificatePem: string;
  now: Date;
  lifetimeSeconds?: number;
  jti?: string;
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** Base64url SHA-1 of the certificate's DER: the `x5t` Azure AD uses to find the registered certificate. */
export function certificateThumbprint(certificatePem: string): string {
  return base64url(createHash('sha1').update(new X509Certificate(certificatePem).raw).digest());
}

/**
 * The RS256 JWT that replaces a client secret in production (OAuth2 `client_assertion`, jwt-bearer type).
 * Signed with node:crypto: the format is small enough that a JOSE library would add a dependency and nothing else.
 */
export function createClientAssertion(input: ClientAssertionInput): string {
  const issuedAt = Math.floor(input.now.getTime() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', x5t: certificateThumbprint(input.certificatePem) };
  const claims = {
    aud: input.audience,
    iss: input.clientId,
    sub: input.clientId,
    jti: input.jti ?? randomUUID(),
    nbf: issuedAt,
    iat: issuedAt,
    exp: issuedAt + (input.lifetimeSeconds ?? 3600),
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(signingInput), input.privateKeyPem);
  return `${signingInput}.${base64url(signature)}`;
}
