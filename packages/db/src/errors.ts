/** MySQL/MariaDB error numbers we turn into user-facing answers. */
export const ER_DUP_ENTRY = 1062;
export const ER_NO_REFERENCED_ROW = 1452;

export function isDuplicateKey(error: unknown, key?: string): boolean {
  const e = error as { errno?: number; message?: string } | undefined;
  if (e?.errno !== ER_DUP_ENTRY) return false;
  return key === undefined || (e.message ?? '').includes(key);
}

export function isForeignKeyViolation(error: unknown): boolean {
  return (error as { errno?: number } | undefined)?.errno === ER_NO_REFERENCED_ROW;
}
