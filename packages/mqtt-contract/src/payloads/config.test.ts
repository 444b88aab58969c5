import { describe, expect, it } from 'vitest';
import { examplePayloads } from '../examples';
import { configAckPayloadSchema, configPayloadSchema } from './config';

describe('config payload', () => {
  it('keeps sections this gateway does not know yet', () => {
    const parsed = configPayloadSchema.parse({
      ...examplePayloads.config,
      config: { ...examplePayloads.config.config, tariffs: { dayEurPerKwh: 0.31 } },
    });
    expect(parsed.config.tariffs).toEqual({ dayEurPerKwh: 0.31 });
    expect(parsed.config.controllers?.peakShaving).toEqual({
      enabled: true,
      thresholdW: 2500,
      reservePct: 20,
    });
  });

  it('checks the sections it knows', () => {
    const devices = [{ ...examplePayloads.config.config.modbus.devices[0], driver: 'fronius-custom' }];
    const r = configPayloadSchema.safeParse({
      ...examplePayloads.config,
      config: { ...examplePayloads.config.config, modbus: { devices } },
    });
    expect(r.error?.issues[0]?.path).toEqual(['config', 'modbus', 'devices', 0, 'driver']);
    expect(configPayloadSchema.safeParse({ ...examplePayloads.config, version: 0 }).success).toBe(false);
  });

  it('names a device without its connection (the gateway keeps its own), but never half a connection', () => {
    const config = (devices: unknown[]) =>
      configPayloadSchema.safeParse({ ...examplePayloads.config, config: { modbus: { devices } } });
    expect(config([{ id: 'charger1', type: 'charger' }]).success).toBe(true);
    expect(config([{ id: 'charger1', type: 'charger', driver: 'ilucharge' }]).error?.issues[0]?.path).toEqual(
      ['config', 'modbus', 'devices', 0, 'endpoint'],
    );
  });

  it('an ack has an error exactly when it is not ok', () => {
    expect(
      configAckPayloadSchema.safeParse({ v: 1, version: 3, ok: false, error: 'unknown driver' }).success,
    ).toBe(true);
    expect(configAckPayloadSchema.safeParse({ v: 1, version: 3, ok: false }).success).toBe(false);
    expect(configAckPayloadSchema.safeParse({ v: 1, version: 3, ok: true, error: 'x' }).success).toBe(false);
  });
});
