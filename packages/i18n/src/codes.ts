import type { Params } from './message-format';

/**
 * A translator as the server (`translator(locale)`) and the pages (`useT()`) have it, with what its catalog holds:
 * this module must not import the catalog, which the pages' script does not carry (decision 171).
 */
export type CodeTranslator = ((key: string, params?: Params) => string) & { has(key: string): boolean };
type T = CodeTranslator;

/**
 * A device status (a code the gateway sends as the manual names it: "Standby", "Laden", "OK"…) in the reader's
 * language; a type's own word first (a boiler "Laden" is heating), then the general one; an unknown status shows as
 * sent. See docs/decisions/101-codes-translated-at-the-edge.md.
 */
export function deviceStatusText(
  t: T,
  type: string | null | undefined,
  status: string | null | undefined,
): string {
  if (status === null || status === undefined || status === '') return '—';
  const own = `modules.status.${type}.${status}`;
  if (type && t.has(own)) return t(own);
  const general = `device.status.${status}`;
  return t.has(general) ? t(general) : status;
}

/**
 * A device fault's text in the reader's language, from its code (the gateway's Dutch text is only the fallback for a
 * code we do not know).
 */
export function faultText(t: T, code: string | number | null | undefined, sent?: string | null): string {
  if (code === null || code === undefined || code === '') return sent ?? '';
  const key = `fault.text.${Number(code)}`;
  if (t.has(key)) return t(key);
  return sent || t('fault.text.unknown', { code: String(code) });
}

/**
 * A text to store as a code with its arguments (a rollout's log line, a pause reason), for `codedText` to show in the
 * reader's language. Arguments are numbers or plain strings; an instant is stored as an ISO string.
 */
export function coded(key: string, params?: Params): string {
  return JSON.stringify(params ? { key, params } : { key });
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * What `coded` stored, in the reader's language; `instant` formats ISO arguments (the page's date format). Anything
 * else is shown as stored (a person's own words, a row from before codes), or, with `fromGateway` (a target's reason,
 * a gateway's log line), through `gatewayReasonText`.
 */
export function codedText(
  t: T,
  stored: string | null | undefined,
  options: { instant?: (iso: string) => string; fromGateway?: boolean } = {},
): string {
  const { instant } = options;
  if (!stored) return '';
  if (stored.startsWith('{"key":')) {
    try {
      const { key, params } = JSON.parse(stored) as { key: string; params?: Params };
      if (t.has(key)) {
        const shown: Params = {};
        for (const [name, value] of Object.entries(params ?? {}))
          shown[name] =
            name === 'step' && typeof value === 'string'
              ? rolloutStepText(t, value)
              : instant && typeof value === 'string' && ISO_INSTANT.test(value)
                ? instant(value)
                : value;
        return t(key, shown);
      }
    } catch {
      // not ours after all: shown as stored
    }
  }
  return options.fromGateway ? gatewayReasonText(t, stored) : stored;
}

/** A rollout's or a gateway's update step (`wave.start`, `downloading`, `send_failed`…) in the reader's language. */
export function rolloutStepText(t: T, step: string): string {
  for (const key of [`rollouts.step.${step}`, `rollouts.state.${step.replace(/-/g, '_')}`])
    if (t.has(key)) return t(key);
  return step;
}

const HEALTH_PROBLEMS: Array<[RegExp, string]> = [
  [/^not connected to the platform$/, 'rollouts.reason.gw.health.mqtt'],
  [/^no P1 telegram since the start$/, 'rollouts.reason.gw.health.p1'],
  [/^Modbus devices not answering: (?<devices>.*)$/, 'rollouts.reason.gw.health.modbus'],
  [/^Modbus check failed$/, 'rollouts.reason.gw.health.modbusCheck'],
  [/^control loop not running/, 'rollouts.reason.gw.health.control'],
];

const GATEWAY_REASONS: Array<[RegExp, string]> = [
  [/^no OTA public key/, 'rollouts.reason.gw.noKey'],
  [/^instruction expired/, 'rollouts.reason.gw.expired'],
  [/^signature does not verify/, 'rollouts.reason.gw.signature'],
  [/^artifact of \d+ bytes is too large/, 'rollouts.reason.gw.tooLarge'],
  [/^(size \d+ is not the \d+ bytes signed|sha256 does not match)/, 'rollouts.reason.gw.changed'],
  [/^the artifact is version (?<got>\S+), not (?<want>\S+)$/, 'rollouts.reason.gw.wrongVersion'],
  [/^built for hardware (?<built>.+), this is (?<this>\S+)$/, 'rollouts.reason.gw.hardware'],
  [
    /^version (?<version>\S+) is older than the running (?<running>\S+) and not signed/,
    'rollouts.reason.gw.downgrade',
  ],
  [/^busy (installing|checking) (?<version>\S+)$/, 'rollouts.reason.gw.busy'],
  [/^restarted (?<count>\d+) times without passing its health check$/, 'rollouts.reason.gw.bootLoop'],
  [/^update interrupted before switching versions$/, 'rollouts.reason.gw.interrupted'],
  // the launcher's rollback (`gateway-firmware/src/ota/boot-guard.ts`)
  [
    /^started (?<count>\d+) times without passing its health check; rolled back to (?<version>\S+) by the launcher$/,
    'rollouts.reason.gw.launcherStarts',
  ],
  [
    /^did not pass its health check in time; rolled back to (?<version>\S+) by the launcher$/,
    'rollouts.reason.gw.launcherTime',
  ],
  // downloading and unpacking (`gateway-firmware/src/ota/download.ts`, `@ilumen/firmware-signing`'s artifact)
  [
    /^update failed: download failed after (?<attempts>\d+) attempts: (?<detail>.*)$/s,
    'rollouts.reason.gw.download',
  ],
  [/^update failed: download refused: (?<detail>.*)$/s, 'rollouts.reason.gw.downloadRefused'],
  [/^update failed: download cancelled$/, 'rollouts.reason.gw.cancelled'],
  [
    /^(?<detail>manifest\.json is .*|the first entry must be .*|not a firmware artifact.*|the artifact has no .*|refused path in artifact.*|artifact ended early|could not unpack the artifact.*)$/s,
    'rollouts.reason.gw.badArtifact',
  ],
  [/^not an ota instruction$/, 'rollouts.reason.gw.notOta'],
  [/^update failed: (?<detail>.*)$/s, 'rollouts.reason.gw.failed'],
];

const NUMBERS = new Set(['count', 'attempts']);

/**
 * A gateway's report of a failed update (English on the wire, from `gateway-firmware/src/ota`) in the reader's
 * language; a report we do not recognize is shown as sent, introduced as the gateway's own words.
 */
export function gatewayReasonText(t: T, reason: string): string {
  const refused = /^instruction refused: (.*)$/s.exec(reason);
  const text = refused ? refused[1]! : reason;
  const health = /^health check failed: (.*)$/s.exec(text);
  if (health) {
    const problems = health[1]!.split('; ').map((p) => {
      for (const [re, key] of HEALTH_PROBLEMS) {
        const m = re.exec(p);
        if (m) return t(key, { ...m.groups });
      }
      return p;
    });
    return t('rollouts.reason.gw.health', { problems: problems.join('; ') });
  }
  for (const [re, key] of GATEWAY_REASONS) {
    const m = re.exec(text);
    if (m) {
      const groups: Params = { ...m.groups };
      for (const name of NUMBERS) if (groups[name] !== undefined) groups[name] = Number(groups[name]);
      return t(key, groups);
    }
  }
  // an instruction the contract refused: why, as the ingest's refusals are named (decision 101)
  if (refused) return t('rollouts.reason.gw.instruction', { detail: refusalText(t, text) });
  return t('rollouts.reason.gw.other', { reason: text });
}

const REFUSALS: Array<[RegExp, string]> = [
  [/^unknown gateway/, 'refusal.unknown_gateway'],
  [/^topic is not/, 'refusal.bad_topic'],
  [/contract version .* not supported/, 'refusal.unsupported_version'],
  [/over the limit/, 'refusal.too_large'],
  [/not valid UTF-8|not JSON|must be a JSON object|empty payload/, 'refusal.not_json'],
  [/^version (?<version>\d+) is older than the applied version (?<applied>\d+)/, 'refusal.config.older'],
  [/^could not store the config: (?<detail>.*)$/s, 'refusal.config.store'],
  [/^could not be stored: (?<detail>.*)$/s, 'refusal.not_stored'],
  [/^(?<kind>[a-zA-Z]+): (?<detail>.*)$/s, 'refusal.invalid'],
];

/**
 * Why a message or a configuration was refused (by the ingest, or by the gateway in its acknowledgement; English
 * on the wire, from `@ilumen/mqtt-contract` and `gateway-firmware/src/mqtt/config-sync.ts`), in the reader's
 * language; the technical part (a field path, a database error) stays as it was, in brackets. Anything else is
 * introduced as the gateway's own words.
 */
export function refusalText(t: T, reason: string | null | undefined): string {
  if (!reason) return '';
  for (const [re, key] of REFUSALS) {
    const m = re.exec(reason);
    if (m) return t(key, { detail: reason, ...m.groups });
  }
  return t('refusal.other', { reason });
}

/**
 * A gateway's Modbus or P1 error (`modbus.error`, `p1.error` events: a code and an English message on the wire) in the
 * reader's language, from its code; `exception_N` is a Modbus exception code N. A code we do not know shows as
 * "Error <code>", never the gateway's English words (those stay available to support as the technical detail).
 */
export function deviceErrorText(t: T, kind: 'modbus' | 'p1', code: string): string {
  const exception = kind === 'modbus' ? /^exception_(\d+)$/.exec(code) : null;
  if (exception) return t('troubleshoot.deviceError.modbus.exception', { n: exception[1]! });
  const key = `troubleshoot.deviceError.${kind}.${code}`;
  return t.has(key) ? t(key) : t('troubleshoot.deviceError.unknown', { code });
}

const GRID_AREA_NAMES: Record<string, string> = {
  'fluvius-antwerpen': 'Fluvius Antwerpen',
  'fluvius-halle-vilvoorde': 'Fluvius Halle-Vilvoorde',
  'fluvius-iverlek': 'Fluvius Iverlek',
  'fluvius-limburg': 'Fluvius Limburg',
  'fluvius-west': 'Fluvius West',
  'fluvius-imewo': 'Fluvius Imewo',
  'fluvius-zenne-dijle': 'Fluvius Zenne-Dijle',
};

/** A grid operator area's code (`fluvius-imewo`) as its name (Fluvius Imewo); an area staff added shows as its code. */
export function gridAreaName(code: string): string {
  return GRID_AREA_NAMES[code] ?? code;
}
