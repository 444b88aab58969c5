import { AppError } from '@ilumen/services';

/**
 * The export forms ask for a period, both dates required (an empty date is not "everything" to a person who cleared
 * it by mistake): each empty date is a field error, before the export is queued and mailed.
 */
export function requirePeriod(fields: Record<string, string | undefined>): void {
  const missing = Object.fromEntries(
    (['from', 'to'] as const)
      .filter((name) => !fields[name]?.trim())
      .map((name) => [name, { key: 'validation.required' as const }]),
  );
  if (Object.keys(missing).length > 0) throw new AppError('validation', 'validation.form', {}, missing);
}
