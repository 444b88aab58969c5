import type { CommandRequest } from '@ilumen/mqtt-contract';
import { describe, expect, it } from 'vitest';
import type { CommandDeps } from './command-handlers';
import { createCommandHandlers } from './command-handlers';
import { LogRing, ringLogger } from './log-ring';
import { createGatewayLogger, silentLogger } from './logger';

const nowhere = { write() {} };

describe("the gateway's last log lines (support's log.tail)", () => {
  it('keeps the newest lines with their level, message and fields, secrets redacted, filtered by level', () => {
    const ring = new LogRing(3);
    const logger = createGatewayLogger({ level: 'debug', serial: 'ILS-T1', ring }, nowhere);
    logger.debug('polling');
    logger.info({ part: 'mqtt', password: 'hunter2' }, 'connected');
    logger.warn({ device: 'battery1', code: 101 }, 'device fault');
    logger.error({ err: 'ECONNREFUSED' }, 'modbus read failed');
    const all = ring.tail(10, 'debug');
    expect(all.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'connected part=mqtt password=[redacted]'],
      ['warn', 'device fault device=battery1 code=101'],
      ['error', 'modbus read failed err=ECONNREFUSED'],
    ]);
    expect(ring.tail(1, 'info').map((l) => l.level)).toEqual(['error']);
    expect(ring.tail(10, 'warn')).toHaveLength(2);
    expect(all.every((l) => !Number.isNaN(Date.parse(l.ts)))).toBe(true);
  });

  it('is answered by the log.tail command, and refused where the host keeps no lines', async () => {
    const ring = new LogRing();
    const logger = ringLogger(silentLogger(), 'ILS-T2', ring);
    logger.info({ version: 5 }, 'config applied');
    const deps = { now: () => 0, requestRestart() {} } as unknown as CommandDeps;
    const request = {} as CommandRequest;
    const withRing = createCommandHandlers({ ...deps, logs: ring });
    await expect(withRing['log.tail']!({ lines: 10, minLevel: 'info' }, request)).resolves.toEqual({
      lines: [expect.objectContaining({ level: 'info', msg: 'config applied version=5' })],
    });
    await expect(
      createCommandHandlers(deps)['log.tail']!({ lines: 10, minLevel: 'info' }, request),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
