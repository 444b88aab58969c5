import type { MessageKey, Params } from '@ilumen/i18n';

export type ErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  | 'validation'
  | 'conflict'
  | 'rate_limited';

export interface FieldError {
  key: MessageKey;
  params?: Params;
}

const STATUS: Record<ErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  validation: 422,
  conflict: 409,
  rate_limited: 429,
};

/**
 * An error a person can cause. It carries a message key (translated where it is shown) and, for forms, an error per
 * field. Everything else that goes wrong is a bug and shows the generic "unexpected" message.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: MessageKey,
    readonly params: Params = {},
    readonly fieldErrors: Record<string, FieldError> = {},
  ) {
    super(`${code}: ${messageKey}`);
    this.name = 'AppError';
    this.status = STATUS[code];
  }
}

export const notFound = () => new AppError('not_found', 'error.notFound');
export const forbidden = (key: MessageKey = 'error.forbidden') => new AppError('forbidden', key);
export const unauthenticated = () => new AppError('unauthenticated', 'error.unauthenticated');
export const conflict = (key: MessageKey, field?: string) =>
  new AppError('conflict', key, {}, field ? { [field]: { key } } : {});
export const fieldError = (field: string, key: MessageKey, params?: Params) =>
  new AppError('validation', 'validation.form', {}, { [field]: { key, params } });

/** Duck-typed, so it also recognises an AppError thrown by another copy of this module (the Remix server bundle). */
export function isAppError(error: unknown): error is AppError {
  return (
    error instanceof AppError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as Error).name === 'AppError' &&
      'messageKey' in error &&
      'code' in error)
  );
}
