import type { MessageKey, Params } from '@ilumen/i18n';
import { translate } from '@ilumen/i18n';
import { data } from '@remix-run/node';
import type { RequestContext } from './context';

/** Dispatches a form's `intent` to one handler; an unknown intent is a bad request, not a silent no-op. */
export async function byIntent(form: FormData, handlers: Record<string, () => Promise<unknown>>) {
  const intent = String(form.get('intent') ?? '');
  const handler = handlers[intent];
  if (!handler) throw data({ message: 'Unknown intent' }, { status: 400 });
  return handler();
}

export function done(ctx: RequestContext, key: MessageKey, params?: Params) {
  return { ok: true as const, message: translate(ctx.locale, key, params) };
}
