/** Reported in the retained `state`; OTA releases set it when they build the artifact. */
export const FIRMWARE_VERSION = '0.1.0';
