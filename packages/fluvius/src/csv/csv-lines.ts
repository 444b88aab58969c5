/**
 * Turns a stream of text or bytes (an upload, a file read stream) into lines, one chunk at a time, so a multi-year
 * export is never held in memory as text next to its parsed rows. UTF-8 is decoded across chunk borders.
 */
export async function* linesOf(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    yield* lines;
  }
  rest += decoder.decode();
  if (rest.length > 0) yield rest;
}

/** The lines of a whole text (for small inputs and tests). */
export function linesOfText(text: string): string[] {
  return text.split('\n');
}
