import { isAppError, validationError } from '@ilumen/services';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { RequestContext } from '~/server/context';
import { type TranslationLocale, translateAppError } from '~/server/errors';

export type TrpcContext = RequestContext;

const CODES = {
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  unauthenticated: 'UNAUTHORIZED',
  validation: 'BAD_REQUEST',
  conflict: 'CONFLICT',
  rate_limited: 'TOO_MANY_REQUESTS',
} as const;

/**
 * One tRPC instance. There are no role-checking middlewares here on purpose: every procedure calls a service, and the
 * service decides who may do what. Errors a person caused come back translated, with a message per field.
 */
/**
 * `tenantList`: the procedure returns a list already cut to what the caller may see (it takes no object id), so the
 * isolation suite checks that nothing of another tenant leaks instead of expecting a refusal.
 */
export interface ProcedureMeta {
  tenantList?: boolean;
  /** A chargers-only site member may call it on their own site (the service cuts the answer to the chargers). */
  chargers?: boolean;
}

const t = initTRPC
  .context<TrpcContext>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const cause = error.cause;
      const locale: TranslationLocale = ctx?.locale ?? 'nl';
      const appError = isAppError(cause)
        ? cause
        : cause instanceof ZodError
          ? validationError(cause, undefined)
          : null;
      if (!appError) {
        return {
          ...shape,
          message:
            error.code === 'INTERNAL_SERVER_ERROR' ? translateAppError(null, locale).message : shape.message,
          data: { ...shape.data, stack: undefined },
        };
      }
      const translated = translateAppError(appError, locale);
      return {
        ...shape,
        message: translated.message,
        data: {
          ...shape.data,
          stack: undefined,
          appCode: appError.code,
          fieldErrors: translated.fieldErrors,
        },
      };
    },
  });

/** Runs a service call and turns its AppError into the matching tRPC error (the formatter translates it). */
export const procedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) {
    throw new TRPCError({ code: CODES[result.error.cause.code], cause: result.error.cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const declared = new WeakMap<z.ZodType, z.ZodType>();

/**
 * Typed input without a second parse: the service parses (and translates its errors) exactly as it does for forms.
 * The service's schema is kept beside it, so the isolation suite can read which ids a procedure takes.
 */
export const input = <S extends z.ZodType>(schema: S) => {
  const passThrough = z.custom<z.input<S>>(() => true);
  declared.set(passThrough, schema);
  return passThrough;
};

/** The service schema a procedure's input was declared with (`input(schema)`), if any. */
export const declaredInput = (parser: unknown): z.ZodType | undefined =>
  parser instanceof z.ZodType ? declared.get(parser) : undefined;
