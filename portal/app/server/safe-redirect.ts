const BASE = 'http://self.invalid';

/**
 * The one rule for every place that sends the browser on to an address it was given (`redirectTo` after login, the
 * language switch, a sign-in with a provider): only a path on this site, else `fallback`.
 *
 * Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so "/\t/evil.example" and
 * "/\\evil.example" are other sites to them; "/.//evil.example" becomes "//evil.example" once the dots are resolved.
 * So: no control characters, spaces or backslashes anywhere, and the resolved path must still start with a single
 * slash on our own origin. The answer is the resolved path (percent-encoded), never the raw input.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || to.length === 0 || to.length > 2000) return fallback;
  if (!to.startsWith('/') || to.startsWith('//')) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here
  if (/[\u0000-\u0020\u007f-\u00a0\\\u2028\u2029\ufeff]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== BASE || !path.startsWith('/') || path.startsWith('//')) return fallback;
  return path;
}
