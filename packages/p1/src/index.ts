/**
 * The P1 port of a Belgian digital meter (e-MUCS on DSMR 5): one parser and one CRC for the gateway that reads the
 * meter and for the support desk that looks at a telegram it sent.
 */
export { crc16, crc16OfString, formatCrc } from './crc16';
export type {
  P1MbusDevice,
  P1MbusKind,
  P1ParseResult,
  P1Peak,
  P1PeakHistoryEntry,
  P1Phase,
  P1Reading,
  P1RefusalCode,
  P1VolumeReading,
} from './p1-reading';
export { hexAscii, p1Time } from './p1-values';
export { MAX_TELEGRAM_BYTES, type ParseOptions, parseTelegram } from './parse-telegram';
