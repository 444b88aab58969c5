import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeError, ERROR_CODES } from './error-codes';

const DOC = fileURLToPath(new URL('../../../../docs/devices.md', import.meta.url));

describe('error codes', () => {
  // Biome formats Markdown tables with padded cells, so the pattern allows padding.
  it('are the same in docs/devices.md as in the code', () => {
    const section = readFileSync(DOC, 'utf8').split('## Error codes')[1] ?? '';
    const documented = Object.fromEntries(
      [...section.matchAll(/^\| (\d{3}) +\| [^|]+ \| ([^|—]+?)(?: —[^|]*)?(?: \(e\.g\.[^|]*\))? *\|$/gm)].map(
        (m) => [Number(m[1]), m[2]?.trim()],
      ),
    );
    expect(documented).toEqual(ERROR_CODES);
  });

  it('describes unknown codes without failing', () => {
    expect(describeError(777)).toEqual({ code: 777, text: 'Onbekende foutcode 777' });
    expect(describeError(303).text).toBe('Droogkookbeveiliging: geen water in de boiler');
  });
});
