import { type Locale, translate } from '@ilumen/i18n';
import { data } from '@remix-run/node';

/**
 * The posted form. A body that is not a readable form (a broken multipart, a type the server guard let through) is
 * the sender's mistake: a translated 400, never a server error.
 */
export async function readForm(request: Request, locale: Locale): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data({ message: translate(locale, 'error.badForm'), code: 'validation' }, { status: 400 });
  }
}
