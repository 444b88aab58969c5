import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './index';

describe('createLogger', () => {
  it('never writes secrets', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger({ name: 'test' }, sink);
    log.info(
      { user: { email: 'a@b.be', password: 'hunter2hunter2' }, token: 'abc', headers: { cookie: 'x=1' } },
      'login',
    );
    const out = lines.join('');
    expect(out).toContain('a@b.be');
    expect(out).not.toContain('hunter2');
    expect(out).not.toContain('"abc"');
    expect(out).not.toContain('x=1');
  });
});
