/**
 * A group of messages in the three languages. Dutch is the source: French and English must have exactly its keys,
 * which TypeScript checks here (a missing or extra key does not compile).
 */
export function defineMessages<const NL extends Record<string, string>>(messages: {
  nl: NL;
  fr: { [K in keyof NL]: string };
  en: { [K in keyof NL]: string };
}) {
  return messages;
}
