import type { CommandResult, ModbusEndpoint } from '@ilumen/mqtt-contract';
import { modbusDriverSchema, modbusEndpointSchema, modbusUnitIdSchema } from '@ilumen/mqtt-contract';
import { z } from 'zod';
import { fieldError } from '../../errors';

type ScanDevice = CommandResult<'modbus.scan'>['devices'][number];
type Driver = z.infer<typeof modbusDriverSchema>;
export type ModbusDeviceType = 'inverter' | 'battery' | 'charger' | 'heat';

/** One device the scan found, as the wizard proposes it; the installer confirms or corrects each. */
export interface DeviceSuggestion {
  endpoint: ModbusEndpoint;
  unitId: number;
  /** null: the scan could not tell what it is (the installer chooses). */
  type: ModbusDeviceType | null;
  driver: Driver | null;
  manufacturer: string | null;
  model: string | null;
  serial: string | null;
}

const SUNSPEC_INVERTER_MODELS = [101, 102, 103, 111, 112, 113, 701];
const SUNSPEC_STORAGE_MODELS = [124, 802, 713];

/**
 * What a scanned unit is, from what the gateway reported: our own devices by their model name, Huawei by its model
 * string, SunSpec by its model chain (a hybrid inverter with storage models is two devices on one unit id).
 */
export function suggestDevices(endpoint: ModbusEndpoint, found: ScanDevice[]): DeviceSuggestion[] {
  const out: DeviceSuggestion[] = [];
  for (const d of found) {
    const base = {
      endpoint,
      unitId: d.unitId,
      manufacturer: d.manufacturer ?? null,
      model: d.model ?? null,
      serial: d.serialNumber ?? null,
    };
    const model = d.model ?? '';
    const own = /^iLu(bat|charge|heat)\b/i.exec(model);
    if (own) {
      const product = own[1]!.toLowerCase();
      const type: ModbusDeviceType =
        product === 'bat' ? 'battery' : product === 'charge' ? 'charger' : 'heat';
      out.push({ ...base, type, driver: `ilu${product}` as Driver });
      continue;
    }
    if (/^SUN2000/i.test(model) || /huawei/i.test(d.manufacturer ?? '')) {
      // The meter behind a SUN2000 is read from P1 already; only the inverter and its battery become devices.
      if (/ meter$/i.test(model)) continue;
      out.push({
        ...base,
        type: / battery$/i.test(model) ? 'battery' : 'inverter',
        driver: 'huawei-sun2000',
      });
      continue;
    }
    // Every unit the gateway reports was recognised by one of its drivers; past ours and Huawei's, that is SunSpec.
    // The model chain says inverter or storage; without it (the gateway's discovery came back empty), the name does.
    const inverter = d.models.some((m) => SUNSPEC_INVERTER_MODELS.includes(m));
    const storage = d.models.some((m) => SUNSPEC_STORAGE_MODELS.includes(m));
    if (inverter) out.push({ ...base, type: 'inverter', driver: 'sunspec' });
    if (storage) out.push({ ...base, type: 'battery', driver: 'sunspec' });
    if (inverter || storage) continue;
    if (d.models.length === 0 && (d.model || d.manufacturer)) {
      out.push({
        ...base,
        type: /batter|storage|stor\b|bms/i.test(model) ? 'battery' : 'inverter',
        driver: 'sunspec',
      });
      continue;
    }
    out.push({ ...base, type: null, driver: null });
  }
  return out;
}

/** Endpoints as an installer types them: `192.168.1.20`, `192.168.1.20:1502`, or an RS-485 path `/dev/ttyUSB0@9600`. */
export function parseEndpoints(text: string): { endpoints: ModbusEndpoint[]; bad: string[] } {
  const endpoints: ModbusEndpoint[] = [];
  const bad: string[] = [];
  for (const raw of text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    let candidate: unknown;
    if (raw.startsWith('/')) {
      const [path, baud] = raw.split('@');
      candidate = { transport: 'rtu', path, ...(baud ? { baudRate: Number(baud) } : {}) };
    } else {
      const m = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(raw);
      candidate = m ? { transport: 'tcp', host: m[1], ...(m[2] ? { port: Number(m[2]) } : {}) } : null;
    }
    const parsed = modbusEndpointSchema.safeParse(candidate);
    if (parsed.success) endpoints.push(parsed.data);
    else bad.push(raw);
  }
  return { endpoints, bad };
}

export function formatEndpoint(e: ModbusEndpoint): string {
  return e.transport === 'tcp' ? `${e.host}:${e.port}` : `${e.path}@${e.baudRate}`;
}

/** A device as the installer confirmed it in the wizard (the form sends the list as JSON). */
export const confirmedDeviceSchema = z.object({
  include: z.boolean().default(true),
  type: z.enum(['inverter', 'battery', 'charger', 'heat'], { message: 'commissioning.devices.typeRequired' }),
  driver: modbusDriverSchema,
  endpoint: z.preprocess(
    (v) => (typeof v === 'string' ? (parseEndpoints(v).endpoints[0] ?? v) : v),
    modbusEndpointSchema,
  ),
  unitId: z.coerce.number().pipe(modbusUnitIdSchema),
  manufacturer: z.string().max(100).nullable().optional(),
  model: z.string().max(100).nullable().optional(),
  serial: z.string().max(64).nullable().optional(),
});
export type ConfirmedDevice = z.infer<typeof confirmedDeviceSchema>;

/** Which drivers fit which device type (the gateway refuses other pairs). */
export const DRIVERS_BY_TYPE: Record<ModbusDeviceType, Driver[]> = {
  inverter: ['sunspec', 'huawei-sun2000'],
  battery: ['ilubat', 'sunspec', 'huawei-sun2000'],
  charger: ['ilucharge'],
  heat: ['iluheat'],
};

/**
 * The rows the installer ticked, checked one by one (the row's number in each message). A row left unticked is not
 * read at all: a half-typed manual row the installer gave up on must not block the others.
 */
export function chosenDevices(rows: readonly unknown[]): ConfirmedDevice[] {
  const chosen: ConfirmedDevice[] = [];
  rows.forEach((item, i) => {
    if (item && typeof item === 'object' && (item as { include?: unknown }).include === false) return;
    const parsed = confirmedDeviceSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw fieldError(
        `devices.${i}`,
        issue?.message?.startsWith('commissioning.')
          ? (issue.message as 'commissioning.devices.typeRequired')
          : 'commissioning.devices.invalid',
        { n: i + 1 },
      );
    }
    if (!DRIVERS_BY_TYPE[parsed.data.type].includes(parsed.data.driver))
      throw fieldError(`devices.${i}`, 'commissioning.devices.driverMismatch', {
        n: i + 1,
        driver: parsed.data.driver,
      });
    chosen.push(parsed.data);
  });
  if (chosen.length === 0) throw fieldError('devices', 'commissioning.devices.none');
  return chosen;
}
