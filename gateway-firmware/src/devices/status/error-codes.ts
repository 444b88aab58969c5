/**
 * Error codes a device status can carry, with the Dutch text the support desk sees. 1xx iLubat, 2xx iLucharge and
 * 3xx iLuheat are what our devices put in input register 21; 9xx are set by the gateway itself. The same table is
 * in docs/devices.md.
 */
export const ERROR_CODES = {
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
} as const satisfies Record<number, string>;

export type KnownErrorCode = keyof typeof ERROR_CODES;

export const GATEWAY_ERROR = {
  communicationLost: 901,
  unexpectedDevice: 902,
  faultWithoutCode: 903,
} as const satisfies Record<string, KnownErrorCode>;

export interface DeviceError {
  code: number;
  text: string;
}

export function describeError(code: number): DeviceError {
  const text = (ERROR_CODES as Record<number, string>)[code];
  return { code, text: text ?? `Onbekende foutcode ${code}` };
}
