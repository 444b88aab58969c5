import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvChunks, csvDigits, csvDocument, csvLine, csvNumber, csvStream, csvText } from './index';
import { writeCsv } from './node';

const ATTACK = "@SUM(1+1)*cmd|' /C calc'!A0";

describe('a text cell', () => {
  it('is never a formula: = + - @ tab and carriage return at the start get an apostrophe (OWASP)', () => {
    expect(csvText(ATTACK)).toBe(`'${ATTACK}`);
    expect(csvText('=HYPERLINK("http://evil.example","klik")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""klik"")"`,
    );
    expect(csvText('+32 470 12 34 56')).toBe("'+32 470 12 34 56");
    expect(csvText('-2+3+cmd|" /C calc"!A0')).toBe(`"'-2+3+cmd|"" /C calc""!A0"`);
    expect(csvText('\t=1+1')).toBe("'\t=1+1");
    expect(csvText('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(csvText('＝1+1')).toBe("'＝1+1");
  });

  it('is quoted when it holds the separator, a quote or a line break, and left alone otherwise', () => {
    expect(csvText('Kerkstraat 1; Gent')).toBe('"Kerkstraat 1; Gent"');
    expect(csvText('Zeg "hallo"')).toBe('"Zeg ""hallo"""');
    expect(csvText('twee\nregels')).toBe('"twee\nregels"');
    expect(csvText('Fout E12: omvormer')).toBe('Fout E12: omvormer');
    expect(csvText(null)).toBe('');
    expect(csvText(undefined)).toBe('');
    expect(csvText('a=b')).toBe('a=b');
  });
});

describe('a code of digits (an EAN)', () => {
  it('is written as Mijn Fluvius writes it, so a spreadsheet keeps every digit as text', () => {
    expect(csvDigits('541448820052377134')).toBe('="541448820052377134"');
    expect(csvDigits('007')).toBe('="007"');
    expect(csvLine(['541448820052377134', '1,5'], [{ header: 'EAN', kind: 'digits' }, { header: 'x' }])).toBe(
      '="541448820052377134";1,5\r\n',
    );
  });

  it('puts nothing but digits in that formula: anything else is neutralised text', () => {
    expect(csvDigits('=1+1')).toBe("'=1+1");
    expect(csvDigits('5414") & HYPERLINK("x')).toBe('"5414"") & HYPERLINK(""x"');
    expect(csvDigits('')).toBe('');
    expect(csvDigits(null)).toBe('');
  });
});

describe('a number cell', () => {
  it('keeps negative numbers numbers, with a decimal comma', () => {
    expect(csvNumber(-1.2)).toBe('-1,2');
    expect(csvNumber('-1.20000')).toBe('-1,20000');
    expect(csvNumber('12,345')).toBe('12,345');
    expect(csvNumber(0)).toBe('0');
    expect(csvNumber(null)).toBe('');
    expect(csvNumber(Number.NaN)).toBe('');
  });

  it('writes anything that is not a number as neutralised text', () => {
    expect(csvNumber('-1+cmd|" /C calc"!A0')).toBe(`"'-1+cmd|"" /C calc""!A0"`);
    expect(csvNumber('=1+1')).toBe("'=1+1");
  });
});

const columns = [{ header: 'Fabrikant' }, { header: 'Kost (€)', kind: 'number' as const }];

describe('a document', () => {
  it('starts with the byte-order mark and a header, uses ; and CRLF, and writes each column by its kind', () => {
    expect(csvLine([ATTACK, '-4.50'], columns)).toBe(`'${ATTACK};-4,50\r\n`);
    expect(csvDocument(columns, [[ATTACK, '-4.50']])).toBe(
      `${CSV_BOM}Fabrikant;Kost (€)\r\n'${ATTACK};-4,50\r\n`,
    );
  });

  it('streams rows from an async source in pieces, the same document as at once', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`toestel ${i}`, i / 100]);
    async function* source() {
      yield* rows;
    }
    const pieces: string[] = [];
    for await (const c of csvChunks(columns, source())) pieces.push(c);
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(csvDocument(columns, rows));
    const streamed = await new Response(csvStream(columns, source())).text();
    // The byte-order mark is a character of the text; a decoder keeps it.
    expect(streamed.replace(/^\uFEFF?/, CSV_BOM)).toBe(csvDocument(columns, rows));
  });

  it('writes to a stream that pushes back, counting rows and bytes', async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    const received: Buffer[] = [];
    const reading = (async () => {
      for await (const b of out) {
        received.push(b as Buffer);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const rows = Array.from({ length: 5000 }, (_, i) => [`rij ${i}`, -i]);
    const written = await writeCsv(out, columns, rows);
    await reading;
    const text = Buffer.concat(received).toString('utf8');
    expect(written.rows).toBe(5000);
    expect(written.bytes).toBe(Buffer.byteLength(text));
    expect(text).toBe(csvDocument(columns, rows));
  });
});
