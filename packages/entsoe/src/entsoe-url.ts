/** `yyyyMMddHHmm` in UTC, the period format of the ENTSO-E API. */
export function formatEntsoePeriod(instant: number): string {
  const d = new Date(instant);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/** Epoch ms of a `yyyyMMddHHmm` UTC period string, or null when it is not one. */
export function parseEntsoePeriod(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return formatEntsoePeriod(t) === value ? t : null;
}

export interface DayAheadQuery {
  eic: string;
  start: number;
  end: number;
}

/** The A44 day-ahead price query; the token is added by the caller at the last moment. */
export function dayAheadSearchParams(query: DayAheadQuery): URLSearchParams {
  return new URLSearchParams({
    documentType: 'A44',
    in_Domain: query.eic,
    out_Domain: query.eic,
    periodStart: formatEntsoePeriod(query.start),
    periodEnd: formatEntsoePeriod(query.end),
  });
}

/** Replace a token wherever it could appear (URL, echoed error text) before anything is logged or thrown. */
export function redact(text: string, secret: string): string {
  let out = text.replace(/(securityToken=)[^&\s"'<]*/gi, '$1***');
  if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}
