// Time that the platform and the gateway share: the platform's clock and sleep, and the one retry backoff rule.
export * from './backoff';
export * from './clock';
