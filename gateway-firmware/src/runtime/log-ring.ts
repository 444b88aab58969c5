import type { CommandArgs, CommandResult } from '@ilumen/mqtt-contract';
import { pino } from 'pino';
import { createGatewayLogger, type Logger } from './logger';

type Level = CommandArgs<'log.tail'>['minLevel'];
type Line = CommandResult<'log.tail'>['lines'][number];

/** pino's numeric levels; trace is kept as debug, fatal as error. */
const LEVEL_OF: Record<number, Level> = {
  10: 'debug',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'error',
};
const RANK: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };
/** Fields every line carries (or that say nothing to support): left out of the `key=value` tail. */
const SKIP = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'gateway', 'v']);
const MAX_MSG = 2000;

/**
 * The gateway's last log lines in memory, for support's `log.tail` command: a pino destination that keeps the newest
 * `capacity` lines (their level, time and message with the other fields as `key=value`). Secrets are already
 * redacted by the logger before a line reaches it. A line it cannot read is skipped, never thrown on.
 */
export class LogRing {
  private readonly lines: Line[] = [];

  constructor(private readonly capacity = 500) {}

  /** pino calls this with one JSON line at a time. */
  write(chunk: string): void {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(chunk) as Record<string, unknown>;
    } catch {
      return;
    }
    const level = LEVEL_OF[Number(o.level)] ?? 'info';
    const ts = typeof o.time === 'string' ? o.time : new Date(Number(o.time) || Date.now()).toISOString();
    const extra = Object.entries(o)
      .filter(([k]) => !SKIP.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    const msg = `${typeof o.msg === 'string' ? o.msg : ''}${extra ? ` ${extra}` : ''}`.trim();
    this.lines.push({ ts, level, msg: msg.slice(0, MAX_MSG) });
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  /** The newest `n` lines at `minLevel` and above, oldest first. */
  tail(n: number, minLevel: Level): Line[] {
    return this.lines.filter((l) => RANK[l.level] >= RANK[minLevel]).slice(-n);
  }
}

/**
 * A logger for one gateway that keeps its lines in a ring and hands each on to `parent` (the host's logger, with its
 * own level and destination): the simulator's gateways answer `log.tail` as a real one does.
 */
export function ringLogger(parent: Logger, serial: string, ring: LogRing): Logger {
  const child = parent.child({ gateway: serial });
  const forward = {
    write(line: string) {
      try {
        const {
          level,
          time: _t,
          msg,
          pid: _p,
          hostname: _h,
          name: _n,
          gateway: _g,
          ...rest
        } = JSON.parse(line) as Record<string, unknown>;
        const method = pino.levels.labels[Number(level)] as pino.Level | undefined;
        if (method && child.isLevelEnabled(method)) child[method](rest, String(msg ?? ''));
      } catch {
        // a line that is not JSON is not ours to pass on
      }
    },
  };
  // the ring keeps info and above even when the host logs only warnings
  const level = parent.levelVal < pino.levels.values.info! ? parent.level : 'info';
  return createGatewayLogger({ level, serial, name: 'sim', ring }, forward);
}
