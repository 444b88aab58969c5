import { createReadStream, readFileSync } from 'node:fs';
import { fixturePath as sharedFixture } from '@ilumen/fixtures';
import { describe, expect, it } from 'vitest';
import { linesOf } from './csv-lines';
import { type CsvParseResult, parseFluviusCsv } from './csv-parser';
import { parseKwhToWh } from './csv-values';

/** The real exports, copied verbatim into packages/fixtures/fluvius (never edited; see its SOURCES.md). */
function fixturePath(name: string): string {
  return sharedFixture('fluvius', name);
}
const ENGLISH = fixturePath(
  'Consumption_history_electricity_541448820052377134_20231022_20250426_15_minute_totals.csv',
);
const DUTCH = fixturePath(
  'Verbruikshistoriek_elektriciteit_123456789123456789_20211012_20240929_kwartiertotalen.csv',
);

function expectOk(result: CsvParseResult) {
  if (!result.ok) throw new Error(`expected a parsed file, got ${JSON.stringify(result.error)}`);
  return result;
}

/**
 * The test's own reading of the raw rows, deliberately naive (split on `;`, parseFloat, per-row rounding) so it shares
 * nothing with the parser: Wh per day (keyed by the file's own from-date text) and direction.
 */
function rawDailyTotals(
  text: string,
  offtakeWord: string,
): Map<string, { offtakeWh: number; injectionWh: number }> {
  const totals = new Map<string, { offtakeWh: number; injectionWh: number }>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (!line) continue;
    const cells = line.split(';');
    const volume = cells[8]!;
    const [dd, mm, yyyy] = cells[0]!.split(/[-/]/);
    const key = `${yyyy}-${mm}-${dd}`;
    const day = totals.get(key) ?? { offtakeWh: 0, injectionWh: 0 };
    const wh = volume === '' ? 0 : Math.round(Number.parseFloat(volume.replace(',', '.')) * 1000);
    if (cells[7]!.startsWith(offtakeWord)) day.offtakeWh += wh;
    else day.injectionWh += wh;
    totals.set(key, day);
  }
  return totals;
}

describe('the English fixture export', () => {
  const text = readFileSync(ENGLISH, 'utf8');

  it('imports every day with the kWh totals of its raw rows', async () => {
    const { summary, quarters } = expectOk(await parseFluviusCsv(text));
    const raw = rawDailyTotals(text, 'Offtake');
    expect(summary.language).toBe('en');
    expect(summary.days.map((d) => d.date)).toEqual([...raw.keys()]);
    for (const day of summary.days) {
      expect({ date: day.date, ...raw.get(day.date) }).toEqual({
        date: day.date,
        offtakeWh: day.offtakeWh,
        injectionWh: day.injectionWh,
      });
    }
    expect(quarters).toHaveLength(text.trimEnd().split('\n').length - 1);
    expect(summary.firstDay).toBe('2023-10-22');
    expect(summary.lastDay).toBe('2023-12-31');
    expect(summary.eans).toEqual(['123456879123456789']);
  });

  it('matches days summed by hand (awk over the raw file)', async () => {
    const { summary } = expectOk(await parseFluviusCsv(text));
    const day = (date: string) => summary.days.find((d) => d.date === date);
    // awk -F';' '$1=="23/10/2023" && $8 ~ /Offtake/ {…}' → 17.217 kWh
    expect(day('2023-10-23')).toMatchObject({
      offtakeWh: 17_217,
      offtakeDayWh: 11_731,
      offtakeNightWh: 5_486,
    });
    // The clock-change day, 25 hours: 24.700 kWh offtake, 2.805 kWh injection.
    expect(day('2023-10-29')).toMatchObject({ offtakeWh: 24_700, injectionWh: 2_805 });
  });

  it('gives the autumn clock-change day 100 quarters, in order, without gaps or overlaps', async () => {
    const { summary, quarters } = expectOk(await parseFluviusCsv(text));
    expect(summary.days.find((d) => d.date === '2023-10-29')).toMatchObject({
      quarters: 100,
      expectedQuarters: 100,
    });
    const offtake = quarters
      .filter((q) => q.localDate === '2023-10-29' && q.direction === 'offtake')
      .map((q) => q.start.getTime())
      .sort((a, b) => a - b);
    expect(offtake).toHaveLength(100);
    expect(new Date(offtake[0]!).toISOString()).toBe('2023-10-28T22:00:00.000Z');
    expect(offtake.map((start) => start - offtake[0]!)).toEqual(offtake.map((_, i) => i * 15 * 60_000));
    // The first of the two "02:00" rows is summer time (00:00Z), the second winter time (01:00Z).
    const twoOClock = quarters.filter(
      (q) =>
        q.localDate === '2023-10-29' &&
        q.direction === 'offtake' &&
        [0, 60].includes(q.start.getUTCHours() * 60 + q.start.getUTCMinutes()),
    );
    expect(twoOClock.map((q) => [q.start.toISOString(), q.wh])).toEqual([
      ['2023-10-29T00:00:00.000Z', 276],
      ['2023-10-29T01:00:00.000Z', 261],
    ]);
  });

  it('reads empty volumes as no value and keeps validation states', async () => {
    const { quarters, summary } = expectOk(await parseFluviusCsv(text));
    expect(quarters[0]).toMatchObject({
      wh: null,
      validationState: null,
      direction: 'offtake',
      tariff: 'night',
    });
    expect(quarters[2]).toMatchObject({ wh: 173, validationState: 'READ' });
    expect(summary.validationStates).toEqual({ none: 2, READ: quarters.length - 2 });
  });

  it('gives the same result from a stream of small chunks as from the whole text', async () => {
    const whole = expectOk(await parseFluviusCsv(text));
    const streamed = expectOk(
      await parseFluviusCsv(linesOf(createReadStream(ENGLISH, { highWaterMark: 777 }))),
    );
    expect(streamed.summary).toEqual(whole.summary);
    expect(streamed.quarters.length).toBe(whole.quarters.length);
  });
});

describe('the Dutch fixture export', () => {
  const text = readFileSync(DUTCH, 'utf8');

  it('imports every day with the kWh totals of its raw rows', async () => {
    const { summary } = expectOk(await parseFluviusCsv(text));
    const raw = rawDailyTotals(text, 'Afname');
    expect(summary.language).toBe('nl');
    expect(summary.days).toHaveLength(raw.size);
    for (const day of summary.days) {
      const expected = raw.get(day.date);
      expect([day.date, day.offtakeWh, day.injectionWh]).toEqual([
        day.date,
        expected?.offtakeWh,
        expected?.injectionWh,
      ]);
    }
    // awk: 13-10-2021 Afname → 3.072 kWh, one row "Geschat".
    expect(summary.days[1]).toMatchObject({ date: '2021-10-13', offtakeWh: 3_072, estimatedValues: 1 });
  });

  it('maps Dutch registers and states', async () => {
    const { quarters, summary } = expectOk(await parseFluviusCsv(text));
    expect(new Set(quarters.map((q) => `${q.direction}/${q.tariff}`))).toEqual(
      new Set(['offtake/day', 'offtake/night', 'injection/day', 'injection/night']),
    );
    expect(Object.keys(summary.validationStates).sort()).toEqual(['EST', 'VAL', 'none']);
  });

  it('has 100 quarters on 31-10-2021', async () => {
    const { summary } = expectOk(await parseFluviusCsv(text));
    expect(summary.days.at(-1)).toMatchObject({ date: '2021-10-31', quarters: 100 });
  });
});

const HEADER_2025 =
  '\uFEFFVan (datum);Van (tijdstip);Tot (datum);Tot (tijdstip);EAN-code;Meter;Metertype;Register;Volume;Eenheid;Validatiestatus;Omschrijving';
const ROW_2025 =
  '02-09-2025;00:15:00;02-09-2025;00:30:00;="541448820050357909";1SAG3200193141;Digitale meter;Afname Nacht;0,120;kWh;Uitgelezen;';

describe('other header versions', () => {
  it('reads the 2025 Dutch export', async () => {
    const { quarters, summary } = expectOk(await parseFluviusCsv(`${HEADER_2025}\n${ROW_2025}\n`));
    expect(quarters).toEqual([
      {
        start: new Date('2025-09-01T22:15:00Z'),
        end: new Date('2025-09-01T22:30:00Z'),
        localDate: '2025-09-02',
        ean: '541448820050357909',
        meterId: '1SAG3200193141',
        direction: 'offtake',
        tariff: 'night',
        wh: 120,
        validationState: 'READ',
      },
    ]);
    expect(summary.eans).toEqual(['541448820050357909']);
  });

  it('reads the 2022 variant with capitalised headers', async () => {
    const header =
      'Van Datum;Van Tijdstip;Tot Datum;Tot Tijdstip;EAN;Meter;Metertype;Register;Volume;Eenheid;Validatiestatus';
    const row =
      '12-10-2021;07:30:00;12-10-2021;07:45:00;="123456879123456789";1SAG12345678;Digitale Meter;Afname Dag;0,067;kWh;Gevalideerd';
    const { quarters } = expectOk(await parseFluviusCsv(`${header}\r\n${row}`));
    expect(quarters[0]).toMatchObject({
      start: new Date('2021-10-12T05:30:00Z'),
      wh: 67,
      validationState: 'VAL',
    });
  });

  it('gives the spring clock-change day 92 quarters', async () => {
    const rows: string[] = [];
    for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
      if (minutes >= 120 && minutes < 180) continue; // 02:00–02:59 does not exist that night
      const time = (m: number) =>
        `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;
      const endMinutes = minutes === 105 ? 180 : minutes + 15; // 01:45 + 15 min is 03:00
      const endDate = endMinutes === 24 * 60 ? '01-04-2024' : '31-03-2024';
      rows.push(
        `31-03-2024;${time(minutes)};${endDate};${time(endMinutes)};="541448820050357909";M1;Digitale meter;Afname Nacht;0,100;kWh;Uitgelezen;`,
      );
    }
    const { summary, quarters } = expectOk(await parseFluviusCsv([HEADER_2025, ...rows].join('\n')));
    expect(summary.days).toEqual([
      expect.objectContaining({ date: '2024-03-31', quarters: 92, expectedQuarters: 92, offtakeWh: 9_200 }),
    ]);
    expect(quarters.at(-1)?.end.toISOString()).toBe('2024-03-31T22:00:00.000Z');
  });
});

describe('files that are refused', () => {
  const english = readFileSync(ENGLISH, 'utf8');
  const englishLines = english.split('\n');

  async function refusal(text: string, options?: Parameters<typeof parseFluviusCsv>[1]) {
    const result = await parseFluviusCsv(text, options);
    if (result.ok) throw new Error('expected the file to be refused');
    expect(result.quarters).toBeUndefined();
    return result.error;
  }

  function withLine(lineNumber: number, edit: (line: string) => string): string {
    return englishLines.map((line, i) => (i === lineNumber - 1 ? edit(line) : line)).join('\n');
  }

  it('refuses an empty file and a header without rows', async () => {
    expect(await refusal('')).toMatchObject({ code: 'empty_file' });
    expect(await refusal('\uFEFF\r\n')).toMatchObject({ code: 'empty_file' });
    expect(await refusal(`${englishLines[0]}\n`)).toMatchObject({ code: 'no_data' });
  });

  it('refuses a file that is not a Fluvius export', async () => {
    const error = await refusal('Datum;Prijs (EUR/MWh)\n2024-10-08 00:00;85,12\n');
    expect(error).toMatchObject({ code: 'no_matching_header', line: 1 });
    const xml = readFileSync(sharedFixture('entsoe', 'BE_day_ahead_2024-10-08_PT60M.xml'), 'utf8');
    expect(await refusal(xml)).toMatchObject({ code: 'no_matching_header' });
  });

  it('says so when the export was re-saved with commas', async () => {
    const commas = englishLines
      .slice(0, 20)
      .map((line) => line.replace(/,/g, '.').replace(/;/g, ','))
      .join('\n');
    expect(await refusal(commas)).toMatchObject({ code: 'wrong_delimiter', delimiter: ',' });
  });

  it('names the line of a bad number', async () => {
    const text = withLine(50, (line) => line.replace(/;Offtake (Day|Night);[^;]*;/, ';Offtake $1;0,1x3;'));
    expect(await refusal(text)).toMatchObject({ code: 'bad_number', line: 50, value: '0,1x3' });
  });

  it('refuses a second EAN, and an EAN other than the expected one', async () => {
    const text = withLine(300, (line) => line.replace('123456879123456789', '541448820052377134'));
    expect(await refusal(text)).toMatchObject({
      code: 'mixed_eans',
      line: 300,
      eans: ['123456879123456789', '541448820052377134'],
    });
    expect(await refusal(english, { expectedEan: '541448820052377134' })).toMatchObject({
      code: 'ean_mismatch',
      line: 2,
    });
    expect((await parseFluviusCsv(english, { expectedEan: '123456879123456789' })).ok).toBe(true);
  });

  it('refuses gas and peak-power exports', async () => {
    const gasHeader =
      'Van (datum);Van (tijdstip);Tot (datum);Tot (tijdstip);EAN-code;Meter;Metertype;Register;Volume;Eenheid;Validatiestatus;Calorische Bovenwaarde';
    expect(await refusal(`${gasHeader}\n`)).toMatchObject({ code: 'gas_export' });
    const gasRow =
      '01-10-2024;00:00:00;01-10-2024;01:00:00;="541448860018322037";G1;Digitale meter;Afname;0,120;m³;Uitgelezen;';
    expect(await refusal(`${HEADER_2025}\n${gasRow}`)).toMatchObject({ code: 'gas_export', line: 2 });
    const peakRow = '01-04-2023;00:00:00;01-05-2023;00:00:00;ean;m;t;Piekvermogen;1,713;kW;Uitgelezen;';
    expect(await refusal(`${HEADER_2025}\n${peakRow}`)).toMatchObject({ code: 'peak_export', line: 2 });
  });

  it('refuses rows that are not quarter-hours', async () => {
    const hourly = ROW_2025.replace('02-09-2025;00:30:00', '02-09-2025;01:15:00');
    expect(await refusal(`${HEADER_2025}\n${hourly}`)).toMatchObject({ code: 'not_quarter_hour', line: 2 });
  });

  it('refuses a time that does not exist in Brussels', async () => {
    const gap = ROW_2025.replace(
      '02-09-2025;00:15:00;02-09-2025;00:30:00',
      '31-03-2024;02:15:00;31-03-2024;02:30:00',
    );
    expect(await refusal(`${HEADER_2025}\n${gap}`)).toMatchObject({
      code: 'nonexistent_local_time',
      line: 2,
    });
  });

  it('refuses the same quarter twice', async () => {
    expect(await refusal(`${HEADER_2025}\n${ROW_2025}\n${ROW_2025}`)).toMatchObject({
      code: 'duplicate_quarter',
      line: 3,
    });
  });

  it('refuses bad dates, unknown registers and short rows', async () => {
    expect(await refusal(withLine(10, (l) => l.replace(/^22\/10\/2023/, '32/10/2023')))).toMatchObject({
      code: 'bad_date',
      line: 10,
    });
    expect(
      await refusal(withLine(11, (l) => l.replace('Injection Night', 'Injection Evening'))),
    ).toMatchObject({
      code: 'unknown_register',
      line: 11,
    });
    expect(await refusal(withLine(12, (l) => l.split(';').slice(0, 6).join(';')))).toMatchObject({
      code: 'bad_column_count',
      line: 12,
    });
  });

  it('refuses a file with more rows than allowed', async () => {
    expect(await refusal(english, { maxRows: 1000 })).toMatchObject({ code: 'too_many_rows', line: 1002 });
  });
});

describe('parseKwhToWh', () => {
  it('converts decimal-comma kWh to exact Wh', () => {
    expect(parseKwhToWh('0,173')).toBe(173);
    expect(parseKwhToWh('1,5')).toBe(1500);
    expect(parseKwhToWh('12')).toBe(12_000);
    expect(parseKwhToWh('0.295')).toBe(295);
    expect(parseKwhToWh('0,0005')).toBe(1);
    expect(parseKwhToWh('0,0004')).toBe(0);
    expect(parseKwhToWh(' ')).toBeNull();
  });

  it('rejects what is not a plain non-negative number', () => {
    for (const bad of ['-0,1', '1.234,5', 'abc', '0,1,2', '1e3'])
      expect(parseKwhToWh(bad), bad).toBeUndefined();
  });
});
