import { appendFileSync, readFileSync } from 'node:fs';
import { decode } from '@ilumen/mqtt-contract';
import type { Outbox } from '../../mqtt/outbox';
import type { GatewayRuntimeOptions } from '../../runtime/gateway-runtime';

/** One journal line per energy boundary and charge-session start or stop, as it enters the gateway's outbox. */
export type JournalEntry =
  /** `meter`: the message has the meter's registers (a boundary without a telegram has none, so no grid quarter). */
  | { kind: 'energy'; ts: string; meter: boolean }
  | { kind: 'session.start' | 'session.stop'; sessionId: string; ts: string };

function journalEntry(kind: string, payload: unknown): JournalEntry | undefined {
  const p = payload as { ts: string; type?: string; sessionId?: string; meter?: unknown };
  if (kind === 'energy') return { kind: 'energy', ts: p.ts, meter: p.meter !== undefined };
  if (kind === 'event' && (p.type === 'charge.session.start' || p.type === 'charge.session.stop'))
    return {
      kind: p.type === 'charge.session.start' ? 'session.start' : 'session.stop',
      sessionId: p.sessionId!,
      ts: p.ts,
    };
  return undefined;
}

const journalKey = (e: JournalEntry) => (e.kind === 'energy' ? `energy ${e.ts}` : `${e.kind} ${e.sessionId}`);

export function journal(path: string): NonNullable<GatewayRuntimeOptions['onBuffered']> {
  return (kind, payload) => {
    const entry = journalEntry(kind, payload);
    if (entry) appendFileSync(path, `${JSON.stringify(entry)}\n`);
  };
}

/**
 * A simulator killed between a message's outbox write and its journal line left the message to be sent but not in
 * the journal (or left a torn last line): before the gateway starts, every message still in its outbox is journaled,
 * so the journal again lists all the gateway will send. A torn line is closed off, so it stays one unreadable line.
 */
export function recoverJournal(path: string, outbox: Outbox): void {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // no journal yet
  }
  if (text.length > 0 && !text.endsWith('\n')) appendFileSync(path, '\n');
  const known = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.endsWith('}')) continue;
    try {
      known.add(journalKey(JSON.parse(line) as JournalEntry));
    } catch {
      // a torn line
    }
  }
  const missing: string[] = [];
  for (const m of outbox.peek(undefined, outbox.size)) {
    const decoded = decode(m.topic, m.payload);
    const entry = decoded.ok ? journalEntry(decoded.kind, decoded.payload) : undefined;
    if (entry && !known.has(journalKey(entry))) {
      known.add(journalKey(entry));
      missing.push(`${JSON.stringify(entry)}\n`);
    }
  }
  if (missing.length) appendFileSync(path, missing.join(''));
}
