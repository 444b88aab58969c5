/*
 * Message namespaces several routes declare together (decision 171), named once. A route's `handle.i18n` adds only its
 * own; the server sends a page the namespaces of all its matched routes, its layouts' included.
 */

/** What every homeowner page needs, declared by their frame (`routes/app.tsx`): the menu, the address switcher, the modules. */
export const HOME_PAGE = ['home', 'modules', 'siteScope'];

/**
 * What a page needs that shows what devices and gateways say: statuses, fault texts, Modbus errors, refused
 * configurations and update reasons, through `@ilumen/i18n`'s code translators (decision 101).
 */
export const DEVICE_CODES = ['device', 'fault', 'refusal', 'rollouts', 'troubleshoot'];
