// Exact decimal money maths on bigint "units" of 10^-scale. Money never touches a float: prices arrive as decimal
// strings, products are taken in integers, and rounding happens once, at the end, half away from zero.

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Units of 10^-scale in a decimal string; throws if it has more fraction digits than `scale`. */
export function parseDecimal(value: string, scale: number): bigint {
  const m = DECIMAL.exec(value.trim());
  if (!m) throw new RangeError(`not a decimal number: ${JSON.stringify(value)}`);
  const fraction = m[3] ?? '';
  if (fraction.length > scale) throw new RangeError(`${value} has more than ${scale} decimals`);
  const units = BigInt(m[2]! + fraction.padEnd(scale, '0'));
  return m[1] === '-' ? -units : units;
}

/** A decimal string with exactly `scale` fraction digits (`-0.50` for −50 units at scale 2). */
export function formatDecimal(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** n / d rounded half away from zero (commercial rounding); d > 0. */
export function divRound(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divisor must be positive');
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** Re-express units of 10^-from as units of 10^-to, rounding half away from zero when precision is lost. */
export function rescale(units: bigint, from: number, to: number): bigint {
  if (to >= from) return units * 10n ** BigInt(to - from);
  return divRound(units, 10n ** BigInt(from - to));
}

/** A decimal string normalised to exactly `scale` digits (e.g. a price to 5 decimals for storage). */
export function normalizeDecimal(value: string, scale: number): string {
  return formatDecimal(parseDecimal(value, scale), scale);
}
