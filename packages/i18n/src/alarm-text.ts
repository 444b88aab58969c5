import { deviceErrorText, faultText, refusalText, type CodeTranslator as T } from './codes';
import type { Params } from './message-format';

/** The device types an alarm may name; stored as codes, shown as the reader's word (decision 101). */
const DEVICE_TYPES = ['inverter', 'battery', 'charger', 'heat', 'meter'] as const;

/**
 * The device an alarm is about, as "Omvormer INV-01-…" in the reader's language. Stored as `deviceType` + `serial`;
 * alarms raised before that kept "inverter INV-…" in `device`, which is read the same way; anything else (a device
 * key the platform does not know) shows as stored.
 */
function deviceName(t: T, details: Record<string, string | number>): string {
  const { deviceType, serial } = details;
  if (typeof deviceType === 'string' && t.has(`devices.type.${deviceType}`))
    return `${t(`devices.type.${deviceType}`)} ${serial ?? ''}`.trim();
  const stored = String(details.device ?? '—');
  const old = /^(\w+) (.+)$/.exec(stored);
  if (old && (DEVICE_TYPES as readonly string[]).includes(old[1]!))
    return `${t(`devices.type.${old[1]}`)} ${old[2]}`;
  return stored;
}

/**
 * An alarm's one-line description in the reader's language, for the console and the alarm digest mail alike: its
 * stored details are codes and numbers (a fault code, a Modbus error code, a device type, a refusal), translated here;
 * a parameter named `fooKey` is itself a message key, shown as {foo}.
 */
export function alarmText(t: T, alarm: { kind: string; details: Record<string, string | number> }): string {
  const details = alarm.details;
  const params: Params = Object.fromEntries(
    Object.entries(details).map(([k, v]) =>
      k.endsWith('Key') && typeof v === 'string' ? [k.slice(0, -3), t(v)] : [k, v],
    ),
  );
  if (alarm.kind === 'device_fault' && typeof details.code === 'string' && details.code !== '—')
    params.text = faultText(t, details.code, String(details.text ?? ''));
  if (alarm.kind === 'modbus_errors') {
    params.device = deviceName(t, details);
    if (typeof details.errorCode === 'string')
      params.message = deviceErrorText(t, 'modbus', details.errorCode);
  }
  if (alarm.kind === 'refused_messages' && typeof details.reason === 'string')
    params.reason = refusalText(t, details.reason);
  const key =
    alarm.kind === 'data_stale'
      ? `alarms.detail.data_stale.${details.code ?? 'no_live'}`
      : `alarms.detail.${alarm.kind}`;
  return t(key, params);
}
