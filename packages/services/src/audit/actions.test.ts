import { auditActionText, LOCALES, translator } from '@ilumen/i18n';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from './actions';

describe('the audit log says what was done in words', () => {
  it.each(LOCALES)('every recorded action has its words in %s, none shown as its code', (locale) => {
    const t = translator(locale);
    const raw = AUDIT_ACTIONS.filter((a) => !t.has(`audit.action.${a}`) || auditActionText(t, a) === a);
    expect(raw).toEqual([]);
  });

  it('reads an acknowledged alarm in Dutch, and a code it does not know as stored', () => {
    const t = translator('nl');
    expect(auditActionText(t, 'alarm.acknowledge')).toBe('Alarm gemarkeerd als gezien');
    expect(auditActionText(t, 'command.reboot')).toBe('iLusmart herstart');
    expect(auditActionText(t, 'something.new')).toBe('something.new');
  });
});
