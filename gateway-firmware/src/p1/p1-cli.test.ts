import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { editedTelegramPath, realTelegramPath, realTelegrams } from '@ilumen/p1/testing';
import { describe, expect, it } from 'vitest';
import { runP1Cli } from './p1-cli';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runP1Cli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: fileURLToPath(new URL('.', import.meta.url)),
  });
  return { code, stdout, stderr };
}

describe('p1 CLI', () => {
  it('prints the reading as JSON', async () => {
    const { code, stdout, stderr } = await run(['parse', realTelegramPath(realTelegrams.v171Alt)]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchObject({ importT1Wh: 301548, gas: { m3: 92.287 } });
  });

  it('prints the refusal on stderr with exit code 1', async () => {
    const { code, stdout, stderr } = await run(['parse', editedTelegramPath('bad-crc.raw')]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^refused \(crc_mismatch\): CRC mismatch: telegram says C4B0/);
  });

  it('--no-crc reads a telegram with a wrong CRC', async () => {
    expect((await run(['parse', editedTelegramPath('bad-crc.raw'), '--no-crc'])).code).toBe(0);
  });

  it.each([[[]], [['parse']], [['check', 'x']], [['parse', 'a', 'b']], [['parse', 'a', '--fast']]])(
    'usage error for %j',
    async (argv) => {
      const { code, stderr } = await run(argv);
      expect(code).toBe(2);
      expect(stderr).toMatch(/usage: p1 parse FILE/);
    },
  );

  it('resolves a relative path against the caller directory', async () => {
    const { code } = await run(['parse', '../../../packages/p1/test/fixtures/unpadded-crc.raw']);
    expect(code).toBe(0);
  });

  it('a missing file is exit code 2', async () => {
    const { code, stderr } = await run(['parse', '/nonexistent/telegram.raw']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot read \/nonexistent\/telegram\.raw/);
  });

  it('as a process: exit codes 0 and 1 through the real entry point', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const exec = promisify(execFile);
    const okRun = await exec(process.execPath, [
      '--import',
      'tsx',
      cli,
      'parse',
      realTelegramPath(realTelegrams.v50be),
    ]);
    expect(JSON.parse(okRun.stdout).gas.m3).toBe(2559.077);
    const refused = await exec(process.execPath, [
      '--import',
      'tsx',
      cli,
      'parse',
      editedTelegramPath('cut-short.raw'),
    ])
      .then(() => ({ code: 0, stderr: '' }))
      .catch((err: { code: number; stderr: string }) => err);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused \(truncated\)/);
  }, 20_000);
});
