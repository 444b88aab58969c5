import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseTelegram } from '@ilumen/p1';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Relative FILE paths resolve against this (the caller's directory, not the workspace npm runs in). */
  cwd: string;
}

const USAGE = `usage: p1 parse FILE [--no-crc]
  Parses one P1 telegram and prints the reading as JSON.
  --no-crc  skip the CRC check (for hand-written samples with a dummy CRC)
exit codes: 0 read, 1 refused (reason on stderr), 2 usage or file error`;

/** The `p1` command line, with its streams passed in; returns the exit code. */
export async function runP1Cli(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = argv.filter((a) => a.startsWith('--'));
  const args = argv.filter((a) => !a.startsWith('--'));
  const unknownFlag = flags.find((f) => f !== '--no-crc');
  if (args[0] !== 'parse' || args.length !== 2 || unknownFlag) {
    io.stderr(`${unknownFlag ? `unknown option ${unknownFlag}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const file = resolve(io.cwd, args[1]!);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    io.stderr(`cannot read ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const result = parseTelegram(bytes, { verifyCrc: !flags.includes('--no-crc') });
  if (!result.ok) {
    io.stderr(`refused (${result.code}): ${result.reason}\n`);
    return 1;
  }
  io.stdout(`${JSON.stringify(result.reading, null, 2)}\n`);
  return 0;
}
