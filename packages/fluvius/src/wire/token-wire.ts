import { z } from 'zod';

/** Azure AD v2 token response. Older endpoints sent the lifetimes as strings, hence the coercion. */
export const tokenResponseSchema = z.object({
  token_type: z.string(),
  expires_in: z.coerce.number().int().positive(),
  ext_expires_in: z.coerce.number().int().nullish(),
  access_token: z.string().min(1),
});
export type TokenResponseWire = z.input<typeof tokenResponseSchema>;

export const tokenErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().nullish(),
});
export type TokenErrorWire = z.input<typeof tokenErrorSchema>;
