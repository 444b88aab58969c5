/**
 * The one table of device fault codes (docs/devices.md "Error codes"), with the Dutch text the gateway sends beside
 * each: 1xx iLubat, 2xx iLucharge and 3xx iLuheat are what our devices put in input register 21; 9xx are set by the
 * gateway itself. The gateway sends these codes, the demo seeds write them, and the platform translates them at the
 * edge (`fault.text.<code>` and `fault.action.<code>` in @ilumen/i18n). A code is always digits: a made-up code
 * ("F012", "P1-NODATA") would reach the support desk without its text in the reader's language or its advice.
 */
export const DEVICE_ERROR_CODES = {
  101: 'Celtemperatuur van de batterij te hoog',
  102: 'Celtemperatuur van de batterij te laag',
  103: 'Overspanning van de batterij',
  104: 'Onderspanning van de batterij',
  105: 'Communicatiefout tussen batterijbeheer (BMS) en omvormer',
  106: 'Isolatiefout',
  107: 'Interne fout van de batterijomvormer',
  108: 'Fout in contactor of relais van de batterij',
  201: 'Lekstroom gedetecteerd (aardlekbeveiliging)',
  202: 'Communicatiefout met het voertuig (control pilot)',
  203: 'Laadpaal oververhit',
  204: 'Voertuig neemt meer stroom dan toegelaten',
  205: 'Kabelvergrendeling defect',
  206: 'Laadrelais blijft gesloten (vastgekleefd)',
  207: 'Geen aarding gedetecteerd',
  208: 'Voertuig vraagt ventilatie (status D), niet ondersteund',
  301: 'Temperatuursensor van de boiler defect',
  302: 'Maximumthermostaat aangesproken (boiler te warm)',
  303: 'Droogkookbeveiliging: geen water in de boiler',
  304: 'Verwarmingselement defect',
  305: 'Fout in het schakelrelais',
  901: 'Geen communicatie met het toestel (Modbus)',
  902: 'Ander toestel gevonden op dit Modbus-adres dan verwacht',
  903: 'Toestel meldt een storing zonder foutcode',
  904: 'Geen geldig telegram van de digitale meter',
} as const satisfies Record<number, string>;

export type DeviceErrorCode = keyof typeof DEVICE_ERROR_CODES;

/** The codes the gateway sets itself (not read from a device). */
export const GATEWAY_ERROR = {
  communicationLost: 901,
  unexpectedDevice: 902,
  faultWithoutCode: 903,
  noMeterTelegram: 904,
} as const satisfies Record<string, DeviceErrorCode>;

/** A code with its Dutch text, as a device status carries it (an unknown code, read from a device, says so). */
export function describeDeviceError(code: number): { code: number; text: string } {
  const text = (DEVICE_ERROR_CODES as Record<number, string>)[code];
  return { code, text: text ?? `Onbekende foutcode ${code}` };
}
