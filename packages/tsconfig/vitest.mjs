/**
 * Time limits for a package's tests when CI runs two packages' suites and the type check side by side on two cores:
 * vitest's defaults (5 s a test, 10 s a hook) failed a database's creation and a 41-year calendar walk there. A
 * package's vitest.config.ts re-exports this; packages whose tests start brokers, servers or browsers set their own,
 * larger limits.
 */
export default { test: { testTimeout: 30_000, hookTimeout: 60_000 } };
