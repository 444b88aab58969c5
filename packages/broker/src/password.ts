import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Mosquitto 2's password hash (the dynamic security plugin's and `mosquitto_passwd`'s): PBKDF2-HMAC-SHA512 over a
 * 12-byte salt, 64 bytes out. 101 iterations is Mosquitto's default; our gateway passwords are 24 random bytes, so the
 * hash's cost adds nothing against guessing and a cheap check keeps a fleet reconnecting at once affordable.
 */
export interface PasswordHash {
  /** base64 */
  hash: string;
  /** base64 */
  salt: string;
  iterations: number;
}

export function hashBrokerPassword(
  password: string,
  options: { iterations?: number; salt?: Buffer } = {},
): PasswordHash {
  const iterations = options.iterations ?? 101;
  const salt = options.salt ?? randomBytes(12);
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return { hash: hash.toString('base64'), salt: salt.toString('base64'), iterations };
}

/** The one-string form `$7$<iterations>$<salt>$<hash>` (a Mosquitto password file line's; what the platform stores). */
export function formatPasswordHash(h: PasswordHash): string {
  return `$7$${h.iterations}$${h.salt}$${h.hash}`;
}

export function parsePasswordHash(formatted: string): PasswordHash | null {
  const [empty, seven, iterations, salt, hash] = formatted.split('$');
  const n = Number(iterations);
  if (empty !== '' || seven !== '7' || !Number.isInteger(n) || n < 1 || !salt || !hash) return null;
  return { iterations: n, salt, hash };
}

/** Does `password` match a stored `$7$` hash? Constant time over the hash bytes. */
export function verifyBrokerPassword(password: string, formatted: string): boolean {
  const stored = parsePasswordHash(formatted);
  if (!stored) return false;
  const again = hashBrokerPassword(password, {
    iterations: stored.iterations,
    salt: Buffer.from(stored.salt, 'base64'),
  });
  const a = Buffer.from(again.hash, 'base64');
  const b = Buffer.from(stored.hash, 'base64');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A broker password: 24 random bytes, URL-safe base64 (32 characters). */
export function generateBrokerPassword(): string {
  return randomBytes(24).toString('base64url');
}
