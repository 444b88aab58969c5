import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMessage } from '@ilumen/mqtt-contract';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../mqtt/outbox';
import { journal, recoverJournal } from './journal';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'));
  dirs.push(dir);
  const outbox = Outbox.open(join(dir, 'outbox'), { maxBytes: 1 << 20, segmentBytes: 1 << 16 });
  const path = join(dir, 'produced.jsonl');
  const write = journal(path);
  const put = (ts: string, journaled: boolean) => {
    const m = buildMessage('ILS-SIM00001', 'energy', { v: 1, ts, seq: 0 });
    outbox.append({ topic: m.topic, payload: m.payload, retain: m.retain });
    if (journaled) write('energy', { v: 1, ts, seq: 0 });
  };
  const lines = () =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.endsWith('}'))
      .map((l) => JSON.parse(l).ts as string);
  return { outbox, path, put, lines };
}

describe("the simulator's journal of what its gateway produced", () => {
  it('after a kill between the outbox write and the journal line, lists the message the gateway will still send', () => {
    const { outbox, put, lines } = setup();
    put('2026-12-03T02:45:00.000Z', true);
    // killed here: in the outbox, not journaled
    put('2026-12-03T03:00:00.000Z', false);
    recoverJournal(join(outbox.dir, '..', 'produced.jsonl'), outbox);
    expect(lines()).toEqual(['2026-12-03T02:45:00.000Z', '2026-12-03T03:00:00.000Z']);
    // a second start adds nothing twice
    recoverJournal(join(outbox.dir, '..', 'produced.jsonl'), outbox);
    expect(lines()).toEqual(['2026-12-03T02:45:00.000Z', '2026-12-03T03:00:00.000Z']);
    outbox.close();
  });

  it('closes off a torn last line, so the next line is whole', () => {
    const { outbox, path, put, lines } = setup();
    put('2026-12-03T02:45:00.000Z', true);
    appendFileSync(path, '{"kind":"energy","ts":"2026-12-');
    recoverJournal(path, outbox);
    journal(path)('energy', { v: 1, ts: '2026-12-03T03:00:00.000Z', seq: 1 });
    expect(lines()).toEqual(['2026-12-03T02:45:00.000Z', '2026-12-03T03:00:00.000Z']);
    outbox.close();
  });
});
