/**
 * Splits one line on `;`. A field that starts with `"` is quoted (`""` inside is a quote); any other quote is
 * literal, which keeps Excel's `="5414…"` intact for unwrapCell.
 */
export function splitFields(line: string, delimiter = ';'): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote === -1) {
          value += line.slice(i);
          i = line.length;
          break;
        }
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      const next = line.indexOf(delimiter, i);
      fields.push(next === -1 ? value + line.slice(i) : value + line.slice(i, next));
      if (next === -1) return fields;
      i = next + 1;
    } else {
      const next = line.indexOf(delimiter, i);
      if (next === -1) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, next));
      i = next + 1;
    }
  }
}

/** `="5414…"` (an Excel formula that keeps leading zeros) or `"…"` → the bare text. */
export function unwrapCell(cell: string): string {
  const trimmed = cell.trim();
  const formula = /^="(.*)"$/.exec(trimmed);
  if (formula) return formula[1]!.trim();
  const quoted = /^"(.*)"$/.exec(trimmed);
  return quoted ? quoted[1]!.trim() : trimmed;
}
