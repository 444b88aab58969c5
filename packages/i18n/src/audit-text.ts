/** A translator as `codes.ts` takes it (this module must not import the catalog either, decision 171). */
type T = ((key: string) => string) & { has(key: string): boolean };

/**
 * An audit line's action (`alarm.acknowledge`, `command.reboot`…) in the reader's language; a code without words yet
 * (a line written by a newer version) shows as stored.
 */
export function auditActionText(t: T, action: string): string {
  const key = `audit.action.${action}`;
  return t.has(key) ? t(key) : action;
}
