import type { MessageKey, Params } from '@ilumen/i18n';
import { translate } from '@ilumen/i18n';
import type { RequestContext } from './context';

export function done(ctx: RequestContext, key: MessageKey, params?: Params) {
  return { ok: true as const, message: translate(ctx.locale, key, params) };
}
