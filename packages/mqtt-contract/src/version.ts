/** The contract version; it is part of every topic (`ilumen/v1/…`) and every payload (`v: 1`). */
export const CONTRACT_VERSION = 1 as const;

/** Every gateway topic lives under `ilumen/v1/gw/{serial}/`. */
export const TOPIC_PREFIX = `ilumen/v${CONTRACT_VERSION}/gw` as const;
