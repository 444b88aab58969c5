/** Values the browser needs too (form choices). Imports nothing, so client bundles stay free of server code. */
export const DEVICE_TYPES = ['meter', 'inverter', 'battery', 'charger', 'heat'] as const;
export type DeviceTypeName = (typeof DEVICE_TYPES)[number];
export const SITE_SORTS = ['street', 'city', 'postal_code', 'created_at', 'status'] as const;
