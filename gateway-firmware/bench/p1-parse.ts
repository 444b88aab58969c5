/*
 * P1 parser throughput on one core, next to its floor: a bare CRC-16 pass over the same bytes (every telegram must be
 * CRC-checked, so the parser can never beat that). Also the splitter + parser path the serial reader runs.
 * Run: npx tsx bench/p1-parse.ts [seconds per measurement, default 2]
 */
import { readFileSync } from 'node:fs';
import { fixturePath } from '@ilumen/fixtures';
import { crc16, parseTelegram } from '@ilumen/p1';
import { TelegramSplitter } from '../src/p1/telegram-splitter';

const names = [
  'dsmr_parser_TELEGRAM_FLUVIUS_V171.raw',
  'dsmr_parser_TELEGRAM_FLUVIUS_V171_ALT.raw',
  'homebridge_p1_v50be.raw',
  'homebridge_p1_v50be17.raw',
];
const telegrams = names.map((n) => readFileSync(fixturePath('p1', n)));
const bytesPerRound = telegrams.reduce((n, t) => n + t.length, 0);
const seconds = Number(process.argv[2] ?? 2);

/** Runs `round` (which handles every telegram once) for about `seconds`; telegrams per second. */
function measure(round: () => number): { perSecond: number; sink: number } {
  let sink = 0;
  for (let i = 0; i < 2000; i++) sink += round(); // warm up the JIT
  let rounds = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 200; i++) sink += round();
    rounds += 200;
    now = process.hrtime.bigint();
  }
  const elapsedS = Number(now - start) / 1e9;
  return { perSecond: (rounds * telegrams.length) / elapsedS, sink };
}

const crcOnly = measure(() => {
  let s = 0;
  for (const t of telegrams) s += crc16(t);
  return s;
});

const parse = measure(() => {
  let s = 0;
  for (const t of telegrams) s += parseTelegram(t).ok ? 1 : 0;
  return s;
});

const stream = Buffer.concat(telegrams);
let split = 0;
const splitter = new TelegramSplitter({
  onTelegram: (t) => {
    split += parseTelegram(t).ok ? 1 : 0;
  },
  onDiscard: () => {},
});
const pipeline = measure(() => {
  // 256-byte chunks, like a UART driver's reads
  for (let i = 0; i < stream.length; i += 256) splitter.push(stream.subarray(i, i + 256));
  return split;
});

if (parse.sink === 0 || split === 0) throw new Error('nothing parsed: the benchmark is broken');

const row = (label: string, perSecond: number) =>
  `${label.padEnd(34)} ${Math.round(perSecond).toLocaleString('en').padStart(12)} telegrams/s ${((perSecond * bytesPerRound) / telegrams.length / 1e6).toFixed(1).padStart(7)} MB/s`;

process.stdout.write(
  [
    `P1 on one core: ${telegrams.length} real telegrams, ${Math.round(bytesPerRound / telegrams.length)} bytes on average, Node ${process.version}`,
    row('CRC-16 pass only (floor)', crcOnly.perSecond),
    row('parseTelegram (CRC + fields)', parse.perSecond),
    row('splitter + parseTelegram', pipeline.perSecond),
    `parse costs ${(crcOnly.perSecond / parse.perSecond).toFixed(1)}× the CRC pass; a meter sends 1 telegram/s, so one core could serve ${Math.round(parse.perSecond).toLocaleString('en')} meters`,
    '',
  ].join('\n'),
);
