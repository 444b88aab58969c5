import { expect } from 'vitest';

// A small wait-and-assert on top of vitest's expect for Playwright locators.
declare module 'vitest' {
  interface Assertion {
    toBeVisibleSoon(): Promise<void>;
  }
}

expect.extend({
  async toBeVisibleSoon(locator: import('playwright-core').Locator) {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: 10_000 });
      return { pass: true, message: () => 'visible' };
    } catch {
      return { pass: false, message: () => `expected ${locator} to become visible` };
    }
  },
});
