import { expect } from 'vitest';

// A small wait-and-assert on top of vitest's expect for Playwright locators. The default wait is long enough for a
// round trip through the broker, a gateway and the ingest while the whole suite shares two cores; a passing test
// never waits it out.
declare module 'vitest' {
  interface Assertion {
    toBeVisibleSoon(timeoutMs?: number): Promise<void>;
  }
}

expect.extend({
  async toBeVisibleSoon(locator: import('playwright-core').Locator, timeoutMs = 20_000) {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
      return { pass: true, message: () => 'visible' };
    } catch {
      return { pass: false, message: () => `expected ${locator} to become visible within ${timeoutMs} ms` };
    }
  },
});
