import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import {
  alarmText,
  catalogs,
  coded,
  codedText,
  deviceErrorText,
  deviceStatusText,
  FAULT_CODES_WITH_ADVICE,
  faultActionKey,
  faultText,
  formatDate,
  formatDateTime,
  formatEuro,
  formatKw,
  formatKwh,
  formatMonthYear,
  formatNumber,
  formatQuantity,
  formatReading,
  localeFromAcceptLanguage,
  refusalText,
  rolloutStepText,
  translate,
  translator,
} from './index';

type Element = { type: number; value?: unknown; options?: Record<string, { value: Element[] }> };
const KIND: Record<number, string> = {
  1: 'text',
  2: 'number',
  3: 'date',
  4: 'time',
  5: 'select',
  6: 'plural',
};

/** Every argument a message uses, as `name:kind` (select also lists its options), sorted; throws when not ICU. */
function argumentsOf(locale: 'nl' | 'fr' | 'en', text: string): string[] {
  const found = new Set<string>();
  const walk = (elements: Element[]) => {
    for (const el of elements) {
      const kind = KIND[el.type];
      if (kind) {
        const options =
          el.type === 5
            ? `(${Object.keys(el.options ?? {})
                .sort()
                .join('|')})`
            : '';
        found.add(`${String(el.value)}:${kind}${options}`);
      }
      for (const option of Object.values(el.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(text, locale, undefined, { ignoreTag: true }).getAst() as Element[]);
  return [...found].sort();
}

describe('catalogs', () => {
  it('have the same keys in every language and no empty text', () => {
    const keys = Object.keys(catalogs.nl).sort();
    for (const locale of ['fr', 'en'] as const) {
      expect(Object.keys(catalogs[locale]).sort()).toEqual(keys);
      for (const [k, v] of Object.entries(catalogs[locale])) expect(v.trim(), `${locale}:${k}`).not.toBe('');
    }
  });

  it('are valid ICU MessageFormat, with the same arguments of the same kind in every language', () => {
    for (const [key, text] of Object.entries(catalogs.nl)) {
      const want = argumentsOf('nl', text);
      for (const locale of ['fr', 'en'] as const) {
        const other = catalogs[locale][key as keyof typeof catalogs.fr];
        expect(argumentsOf(locale, other), `${locale}:${key}`).toEqual(want);
      }
    }
  });

  it('catch a translation that drops an argument or breaks a plural', () => {
    expect(argumentsOf('fr', 'Maximum caractères.')).not.toEqual(argumentsOf('nl', 'Maximaal {max} tekens.'));
    expect(() => argumentsOf('fr', '{count, plural, one {# critique}')).toThrow();
    expect(argumentsOf('en', '{n, plural, one {# alarm} other {# alarms}}')).toEqual(['n:plural']);
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('nl', 'auth.login.throttled', { minutes: 15 })).toBe(
      'Te veel mislukte pogingen. Probeer het opnieuw over 15 minuten.',
    );
    expect(translate('fr', 'validation.tooLong', { max: 200 })).toBe('Maximum 200 caractères.');
  });
});

describe('plurals', () => {
  const counts = (locale: 'nl' | 'fr' | 'en', key: string, arg: string) =>
    [0, 1, 2, 1234].map((n) => translate(locale, key, { [arg]: n }));

  it('in Dutch: one for 1 only, with the Dutch thousands separator', () => {
    expect(counts('nl', 'mail.alarmDigest.subject', 'count')).toEqual([
      '0 nieuwe alarmen bij iLumen',
      '1 nieuw alarm bij iLumen',
      '2 nieuwe alarmen bij iLumen',
      '1.234 nieuwe alarmen bij iLumen',
    ]);
    expect(counts('nl', 'common.results', 'count')).toEqual([
      '0 resultaten',
      '1 resultaat',
      '2 resultaten',
      '1.234 resultaten',
    ]);
  });

  it('in French: 0 and 1 are singular', () => {
    expect(
      [0, 1, 2].map((n) => translate('fr', 'dashboard.alarmsBySeverity', { critical: n, warning: n })),
    ).toEqual([
      '0 critique · 0 avertissement',
      '1 critique · 1 avertissement',
      '2 critiques · 2 avertissements',
    ]);
    expect(counts('fr', 'home.notifications.unread', 'count')).toEqual([
      'Notifications, 0 non lue',
      'Notifications, 1 non lue',
      'Notifications, 2 non lues',
      'Notifications, 1\u202f234 non lues',
    ]);
  });

  it('in English: one for 1 only', () => {
    expect(counts('en', 'energy.costMissingDays', 'days')).toEqual([
      '0 days without a tariff are not counted.',
      '1 day without a tariff is not counted.',
      '2 days without a tariff are not counted.',
      '1.234 days without a tariff are not counted.',
    ]);
  });

  it('fill several counts in one message, each with its own form', () => {
    expect(translate('nl', 'rollouts.started', { targets: 1, waves: 3 })).toBe(
      'Uitrol gestart: 1 gateway in 3 golven.',
    );
    expect(translate('fr', 'rollouts.started', { targets: 0, waves: 1 })).toBe(
      'Déploiement démarré : 0 passerelle en 1 vague.',
    );
  });
});

describe('Belgian formats', () => {
  it('use a decimal comma and dd/mm/yyyy in every language', () => {
    expect(formatKwh('nl', 15390)).toBe('15,39\u00a0kWh');
    expect(formatKw('en', 1234)).toBe('1,23\u00a0kW');
    expect(formatDate('nl', '2020-12-01')).toBe('01/12/2020');
    expect(formatDate('en', '2020-12-01')).toBe('01/12/2020');
    expect(formatEuro('nl', '43.45')).toMatch(/43,45/);
  });

  it('write money with the same separators as the numbers beside it, and a true minus sign', () => {
    // CLDR's English-in-Belgium currency pattern says "€6.94" while its numbers say "20,54".
    expect(formatEuro('en', '6.94')).toBe('€6,94');
    expect(formatEuro('en', 12345.5)).toBe('€12.345,50');
    expect(formatEuro('nl', -6.94)).toBe('€\u00a0\u22126,94');
    expect(formatEuro('fr', '-1234.5')).toBe('\u22121\u202f234,50\u00a0€');
    expect(formatNumber('en', -1234.5, 1)).toBe('\u22121.234,5');
    expect(formatKwh('fr', -20540)).toBe('\u221220,54\u00a0kWh');
    // what rounds to zero has no sign: an export of 3 W in kW, a cent-less credit
    expect(formatKw('nl', -3)).toBe('0,00\u00a0kW');
    expect(formatEuro('nl', -0.001)).toBe('€\u00a00,00');
    for (const locale of ['nl', 'fr', 'en'] as const) {
      const line = `${formatEuro(locale, 6.94)} ${formatKwh(locale, 20540)} ${formatQuantity(locale, 232.2, 'V', 1)}`;
      expect(line, locale).not.toMatch(/\d\.\d{1,2}(?!\d)/); // no decimal point beside decimal commas
    }
  });

  it('write months as the language does', () => {
    expect(formatMonthYear('nl', '2026-03')).toBe('maart 2026');
    expect(formatMonthYear('fr', '2026-02-01')).toBe('février 2026');
    expect(formatMonthYear('en', new Date('2026-12-31T23:30:00Z'))).toBe('January 2027');
  });

  it('write a reading sent in a neutral form in the page’s format, its status in the reader’s language', () => {
    const t = translator('en');
    expect(formatReading('fr', '232.2 V')).toBe('232,2 V');
    expect(formatReading('nl', '1500 W · 45 %')).toBe('1.500 W · 45 %');
    expect(formatReading('en', '7400 W (Laden), 0 W (Standby)', (s) => deviceStatusText(t, null, s))).toBe(
      '7.400 W (Charging), 0 W (Standby)',
    );
    expect(formatReading('en', 'Fout', (s) => deviceStatusText(t, null, s))).toBe('Error');
  });

  it('show instants in Brussels time', () => {
    // 23:30 UTC on 31 Dec is already 1 January in Brussels.
    expect(formatDate('nl', new Date('2025-12-31T23:30:00Z'))).toBe('01/01/2026');
  });
});

describe('localeFromAcceptLanguage', () => {
  it('picks the best supported language and falls back to Dutch', () => {
    expect(localeFromAcceptLanguage('fr-BE,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(localeFromAcceptLanguage('de-DE,en;q=0.5')).toBe('en');
    expect(localeFromAcceptLanguage('de-DE')).toBe('nl');
    expect(localeFromAcceptLanguage(undefined)).toBe('nl');
  });
});

describe('fault advice', () => {
  it('gives each known fault code its own advice in every language, and any other code the general one', () => {
    expect(faultActionKey('901')).toBe('fault.action.901');
    expect(faultActionKey(106)).toBe('fault.action.106');
    expect(faultActionKey('F999')).toBe('fault.action.unknown');
    expect(faultActionKey(null)).toBe('fault.action.unknown');
    for (const locale of ['nl', 'fr', 'en'] as const)
      expect(translate(locale, faultActionKey('106'))).not.toBe('fault.action.106');
  });
});

describe('codes translated at the edge', () => {
  const t = (locale: 'nl' | 'fr' | 'en') => translator(locale);

  it('give every device status the manual names in the reader’s language, a type’s own word first', () => {
    expect(deviceStatusText(t('fr'), 'charger', 'Standby')).toBe('En veille');
    expect(deviceStatusText(t('en'), 'battery', 'Ontladen')).toBe('Discharging');
    expect(deviceStatusText(t('en'), 'heat', 'Laden')).toBe('Heating');
    expect(deviceStatusText(t('en'), 'meter', 'Fout')).toBe('Error');
    expect(deviceStatusText(t('fr'), null, 'EV geconnecteerd')).toBe('VE connecté');
    // A status we do not know yet shows as sent, never as a message key.
    expect(deviceStatusText(t('fr'), 'charger', 'Firmware-update')).toBe('Firmware-update');
    expect(deviceStatusText(t('fr'), 'charger', null)).toBe('—');
    for (const status of [
      'Start',
      'Standby',
      'EV geconnecteerd',
      'Laden',
      'Slaapt',
      'Fout',
      'Ontladen',
      'Inactief/standby',
      'OK',
    ])
      for (const locale of ['nl', 'fr', 'en'] as const)
        expect(deviceStatusText(t(locale), null, status), `${locale}:${status}`).not.toMatch(/^device\./);
  });

  it('give a fault its text from the code, the gateway’s Dutch only for a code we do not know', () => {
    expect(faultText(t('fr'), '106', 'Isolatiefout')).toBe('Défaut d’isolement');
    expect(faultText(t('en'), 901, 'Geen communicatie met het toestel (Modbus)')).toBe(
      'No communication with the device (Modbus)',
    );
    expect(faultText(t('en'), '399', 'Pompe bloquée')).toBe('Pompe bloquée');
    expect(faultText(t('en'), '999', null)).toBe('Unknown fault code 999');
    for (const code of FAULT_CODES_WITH_ADVICE)
      for (const locale of ['fr', 'en'] as const) expect(faultText(t(locale), code)).not.toMatch(/^fault\./);
  });
});

describe('a gateway’s Modbus and P1 errors', () => {
  const t = (locale: 'nl' | 'fr' | 'en') => translator(locale);
  it('read in the reader’s language from their code, never in the gateway’s English', () => {
    expect(deviceErrorText(t('nl'), 'modbus', 'wrong_device')).toBe(
      'Op dit adres antwoordt een ander toestel dan verwacht',
    );
    expect(deviceErrorText(t('fr'), 'modbus', 'exception_2')).toBe(
      'L’appareil refuse la demande (exception Modbus 2)',
    );
    expect(deviceErrorText(t('en'), 'p1', 'crc_mismatch')).toBe(
      'Checksum does not match (interference on the cable)',
    );
    expect(deviceErrorText(t('nl'), 'p1', 'something_new')).toBe('Fout something_new');
    const codes: Array<['modbus' | 'p1', string]> = [
      ...['timeout', 'disconnected', 'wrong_device', 'bad_value'].map(
        (c) => ['modbus', c] as ['modbus', string],
      ),
      ...[
        'empty',
        'no_header',
        'truncated',
        'missing_crc',
        'bad_crc_format',
        'crc_mismatch',
        'garbled',
        'bad_value',
        'garbage',
        'overflow',
        'no_data',
        'port_lost',
      ].map((c) => ['p1', c] as ['p1', string]),
    ];
    for (const [kind, code] of codes)
      for (const locale of ['nl', 'fr', 'en'] as const)
        expect(deviceErrorText(t(locale), kind, code), `${locale}:${kind}:${code}`).not.toMatch(
          /^(Fout|Erreur|Error) /,
        );
  });
});

describe('rollout log lines and reasons stored as codes', () => {
  it('read in the reader’s language, with counts, steps and instants as the page writes them', () => {
    const stored = coded('rollouts.log.waveFailures', { wave: 1, failed: 1, targets: 4, max: 20 });
    expect(codedText(translator('nl'), stored)).toBe('Golf 1: 1 van 4 gateways mislukt (grens 20 %)');
    expect(codedText(translator('fr'), stored)).toBe('Vague 1 : 1 passerelle sur 4 en échec (seuil 20 %)');
    expect(codedText(translator('en'), stored)).toBe('Wave 1: 1 of 4 gateways failed (threshold 20 %)');
    const stuck = coded('rollouts.reason.stuck', { step: 'downloading', minutes: 15 });
    expect(codedText(translator('fr'), stuck)).toBe('Bloquée 15 min à l’étape « Téléchargement »');
    const soak = coded('rollouts.log.waveSoak', { wave: 2, until: '2026-12-07T13:00:00.000Z' });
    expect(codedText(translator('nl'), soak, { instant: (iso) => formatDateTime('nl', iso) })).toBe(
      `Golf 2 doorgekomen; afwachten tot ${formatDateTime('nl', '2026-12-07T13:00:00.000Z')}`,
    );
  });

  it('show a person’s own words and rows from before codes as stored', () => {
    expect(codedText(translator('fr'), 'Klant belt morgen terug')).toBe('Klant belt morgen terug');
    expect(codedText(translator('fr'), null)).toBe('');
  });

  it('recognize what a gateway reports about a failed update, and introduce the rest as its own words', () => {
    const fr = translator('fr');
    expect(codedText(fr, 'restarted 3 times without passing its health check', { fromGateway: true })).toBe(
      'Redémarrée 3 fois sans passer le contrôle de santé',
    );
    expect(
      codedText(
        fr,
        'health check failed: no P1 telegram since the start; Modbus devices not answering: bat1',
        {
          fromGateway: true,
        },
      ),
    ).toBe(
      'Contrôle de santé après la mise à jour en échec : aucun télégramme P1 depuis le démarrage; des appareils Modbus ne répondent pas : bat1',
    );
    expect(
      codedText(fr, "instruction refused: signature does not verify against this gateway's key", {
        fromGateway: true,
      }),
    ).toBe('La signature ne correspond pas à la clé de la passerelle');
    expect(codedText(fr, 'disk full', { fromGateway: true })).toBe('La passerelle signale : disk full');
  });

  it('translate every reason the gateway firmware gives for a failed update (decision 141), none as the gateway’s words', () => {
    // as `gateway-firmware/src/ota` (agent, launcher, download) and `@ilumen/firmware-signing` word them
    const reasons = [
      'no OTA public key in the config: updates are refused',
      'instruction expired (issued 95 min ago)',
      'instruction expired (valid until 2026-12-07T10:00:00.000Z)',
      "signature does not verify against this gateway's key",
      'artifact of 900000000 bytes is too large',
      'size 100 is not the 200 bytes signed',
      'sha256 does not match the signed digest: the artifact was changed',
      'the artifact is version 1.4.0, not 1.5.0',
      'built for hardware R2, R3, this is R1',
      'version 1.2.0 is older than the running 1.4.0 and not signed as a downgrade from it',
      'busy installing 1.5.0',
      'busy checking 1.5.0',
      'restarted 3 times without passing its health check',
      'update interrupted before switching versions',
      'health check failed: not connected to the platform',
      'started 5 times without passing its health check; rolled back to 1.4.0 by the launcher',
      'did not pass its health check in time; rolled back to 1.4.0 by the launcher',
      'update failed: download failed after 5 attempts: HTTP 503',
      'update failed: download refused: HTTP 404',
      'update failed: download cancelled',
      'update failed: EACCES: permission denied',
      'manifest.json is not JSON',
      'the artifact has no manifest.json',
      'could not unpack the artifact: unexpected end of file',
      'refused path in artifact: "../etc/passwd"',
      'instruction refused: not an ota instruction',
      'instruction refused: ota: payload is not JSON (Unexpected token)',
    ];
    for (const locale of ['nl', 'fr'] as const) {
      const t = translator(locale);
      const other = t('rollouts.reason.gw.other', { reason: '' });
      for (const reason of reasons) {
        const text = codedText(t, reason, { fromGateway: true });
        expect(text, `${locale}: ${reason}`).not.toContain(other.trim());
        // the technical part may stay (in brackets); the words around it are the reader's
        expect(text.replace(/\([^)]*\)/g, ''), `${locale}: ${reason}`).not.toMatch(
          /\b(failed|refused|without|passing|rolled|launcher|artifact|busy|expired|attempts|update failed)\b/,
        );
      }
    }
    expect(
      codedText(translator('nl'), 'update failed: download failed after 5 attempts: HTTP 503', {
        fromGateway: true,
      }),
    ).toBe('Download mislukt na 5 pogingen (HTTP 503)');
  });

  it('name every step of a rollout and of a gateway’s update', () => {
    for (const step of [
      'created',
      'wave.start',
      'paused.auto',
      'send_failed',
      'downloading',
      'rolled-back',
      'timed_out',
    ])
      expect(rolloutStepText(translator('en'), step), step).not.toMatch(/^rollouts\.|_|\./);
  });
});

describe('refusals', () => {
  it('say why a message or a configuration was refused in the reader’s language, technical detail in brackets', () => {
    const nl = translator('nl');
    const fr = translator('fr');
    expect(refusalText(nl, 'version 3 is older than the applied version 7')).toBe(
      'versie 3 is ouder dan de toegepaste versie 7',
    );
    expect(refusalText(fr, 'live: payload is not JSON (Unexpected token)')).toBe(
      'le message n’est pas du JSON lisible',
    );
    expect(refusalText(fr, 'live: grid.phases.l1.voltageV: Too big: expected number to be <=400')).toBe(
      'le contenu ne respecte pas le contrat de messages (grid.phases.l1.voltageV: Too big: expected number to be <=400)',
    );
    expect(refusalText(nl, 'no modbus device bat9')).toBe('de iLusmart meldt: no modbus device bat9');
    expect(refusalText(nl, null)).toBe('');
  });
});

describe('numbers given to a message', () => {
  it('are written as the page writes numbers when not whole, and left alone when whole (years, codes)', () => {
    expect(translate('en', 'rollouts.waveOf', { pct: 12.5, targets: 3 })).toBe('to 12,5 % · 3 gateways');
    expect(translate('fr', 'rollouts.health.failurePct', { pct: -0.5, max: 5 })).toBe(
      '\u22120,5 % d’échecs (seuil 5 %)',
    );
    expect(translate('nl', 'energy.week.label', { week: 2026 })).toBe('Week 2026');
  });
});

describe('an alarm’s text', () => {
  it('names the device in the reader’s language, also for an alarm stored before device types were codes', () => {
    const details = {
      count: 6,
      minutes: 15,
      deviceType: 'inverter',
      serial: 'INV-01-4711',
      message: 'timed out',
    };
    expect(alarmText(translator('nl'), { kind: 'modbus_errors', details })).toBe(
      '6 leesfouten in 15 min bij Omvormer INV-01-4711: timed out',
    );
    const stored = {
      count: 6,
      minutes: 15,
      device: 'inverter INV-01-4711',
      errorCode: 'timeout',
      message: 'x',
    };
    for (const locale of ['nl', 'fr', 'en'] as const) {
      const text = alarmText(translator(locale), { kind: 'modbus_errors', details: stored });
      expect(text).toContain(`${translator(locale)('devices.type.inverter')} INV-01-4711`);
      if (locale !== 'en') expect(text).not.toMatch(/inverter|timeout/i);
    }
    // a device the platform does not know shows as the gateway named it
    expect(
      alarmText(translator('nl'), {
        kind: 'modbus_errors',
        details: { count: 5, minutes: 15, device: 'inv9', message: 'x' },
      }),
    ).toContain('bij inv9: x');
  });
});
