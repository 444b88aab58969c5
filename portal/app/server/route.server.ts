import { isAppError } from '@ilumen/services';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import type { RequestContext } from './context';
import { translateAppError } from './errors';
import { readForm } from './form.server';

export function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

function rethrow(error: unknown, request: Request, ctx: RequestContext): never {
  if (isAppError(error)) {
    if (error.code === 'unauthenticated') throw loginRedirect(request);
    const t = translateAppError(error, ctx.locale);
    throw data({ message: t.message, code: t.code }, { status: t.status });
  }
  throw error;
}

/**
 * Wraps a loader: a person's error becomes a translated status page, "not logged in" goes to the login page, anything
 * else is a bug (logged, generic message).
 */
export function loader<T>(fn: (ctx: RequestContext, args: LoaderFunctionArgs) => Promise<T>) {
  return async (args: LoaderFunctionArgs) => {
    try {
      return await fn(args.context, args);
    } catch (error) {
      if (error instanceof Response) throw error;
      rethrow(error, args.request, args.context);
    }
  };
}

export type ActionResult = {
  ok: false;
  message: string;
  fieldErrors: Record<string, string>;
  intent?: string;
};

/**
 * Wraps an action: validation and conflict errors come back as data for the form (status 422/409) with a message per
 * field, so nothing is lost from what the person typed; other refusals become status pages.
 */
export function action<T>(
  fn: (ctx: RequestContext, args: ActionFunctionArgs & { form: FormData }) => Promise<T>,
) {
  return async (args: ActionFunctionArgs) => {
    const form = await readForm(args.request, args.context.locale);
    try {
      return await fn(args.context, { ...args, form });
    } catch (error) {
      if (error instanceof Response) throw error;
      if (
        isAppError(error) &&
        (error.code === 'validation' || error.code === 'conflict' || error.code === 'rate_limited')
      ) {
        const t = translateAppError(error, args.context.locale);
        return data<ActionResult>(
          {
            ok: false,
            message: t.message,
            fieldErrors: t.fieldErrors,
            intent: String(form.get('intent') ?? ''),
          },
          { status: t.status },
        );
      }
      if (isAppError(error) && error.code === 'forbidden' && error.messageKey !== 'error.forbidden') {
        const t = translateAppError(error, args.context.locale);
        return data<ActionResult>(
          { ok: false, message: t.message, fieldErrors: {}, intent: String(form.get('intent') ?? '') },
          { status: t.status },
        );
      }
      rethrow(error, args.request, args.context);
    }
  };
}

/** Form fields as a plain object for the services (which parse and validate them). */
export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string') out[k] = v;
  return out;
}

type IntentHandler = (
  ctx: RequestContext,
  input: {
    fields: Record<string, string | undefined>;
    form: FormData;
    params: Record<string, string | undefined>;
    request: Request;
  },
) => Promise<unknown>;

/**
 * An action whose form says what it wants in `intent`. The handlers' names are kept on the action (`action.intents`)
 * so the tenant-isolation suite can call every one of them without being told.
 */
export function intentAction(handlers: Record<string, IntentHandler>) {
  const fn = action(async (ctx, args) => {
    const intent = String(args.form.get('intent') ?? '');
    const handler = handlers[intent];
    if (!handler) throw data({ message: 'Unknown intent' }, { status: 400 });
    return handler(ctx, {
      fields: { ...formObject(args.form), ...args.params },
      form: args.form,
      params: args.params,
      request: args.request,
    });
  });
  return Object.assign(fn, { intents: Object.keys(handlers) });
}
