import { deviceErrorText, faultText, refusalText } from '@ilumen/i18n';
import type { T } from '~/lib/i18n';

/** The one-line description of an alarm in the reader's language (parameters named `fooKey` are message keys). */
export function alarmText(t: T, alarm: { kind: string; details: Record<string, string | number> }): string {
  const params = Object.fromEntries(
    Object.entries(alarm.details).map(([k, v]) =>
      k.endsWith('Key') && typeof v === 'string' ? [k.slice(0, -3), t(v)] : [k, v],
    ),
  );
  if (alarm.kind === 'device_fault' && typeof alarm.details.code === 'string' && alarm.details.code !== '—')
    params.text = faultText(t, alarm.details.code, String(alarm.details.text ?? ''));
  if (alarm.kind === 'modbus_errors' && typeof alarm.details.errorCode === 'string')
    params.message = deviceErrorText(t, 'modbus', alarm.details.errorCode);
  if (alarm.kind === 'refused_messages' && typeof alarm.details.reason === 'string')
    params.reason = refusalText(t, alarm.details.reason);
  const key =
    alarm.kind === 'data_stale'
      ? `alarms.detail.data_stale.${alarm.details.code ?? 'no_live'}`
      : `alarms.detail.${alarm.kind}`;
  return t(key, params);
}
