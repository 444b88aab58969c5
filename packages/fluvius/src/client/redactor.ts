export type Redact = (text: string) => string;

const MIN_SECRET_LENGTH = 4;

/** Replaces every known secret (and any bearer token) in free text, for error messages and log fields. */
export function createRedactor(secrets: readonly string[]): Redact {
  const known = secrets
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of known) out = out.split(secret).join('[redacted]');
    return out.replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer [redacted]');
  };
}

/** Redacts, flattens whitespace and cuts a response body to a length fit for an error message. */
export function bodySnippet(body: string, redact: Redact, maxLength = 300): string {
  const flat = redact(body).replace(/\s+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength)}…` : flat;
}
