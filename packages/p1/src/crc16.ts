/*
 * CRC-16/ARC as DSMR 5 / e-MUCS uses it: reflected polynomial 0xA001, init 0, no final XOR.
 * Table-driven: one lookup per byte, which matters because the CRC pass is the floor the parser is measured against.
 */
const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-16/ARC of `bytes[start, end)`. */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]!) & 0xff]!;
  return crc;
}

/**
 * The same over a string's char codes (a latin1 view of the bytes). Returns -1 when a char is not a byte, which a
 * telegram read off the wire can never contain.
 */
export function crc16OfString(text: string, start = 0, end = text.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return -1;
    crc = (crc >>> 8) ^ TABLE[(crc ^ c) & 0xff]!;
  }
  return crc;
}

/** As a telegram writes it: 4 upper-case hex digits. */
export function formatCrc(crc: number): string {
  return crc.toString(16).toUpperCase().padStart(4, '0');
}
