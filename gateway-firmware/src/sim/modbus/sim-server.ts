import { type ModbusServerTCP, ModbusServerTCPCtor } from '../../modbus/modbus-serial';
import { findFreePort } from './free-port';
import {
  createSimDispatcher,
  type SimDispatcherControls,
  type SimDispatcherOptions,
  type SimModbusDevice,
} from './sim-dispatcher';

export type { SimModbusDevice };

export interface SimModbusServerOptions extends SimDispatcherOptions {
  host?: string;
  /** Omit for a free port (tests run in parallel). */
  port?: number;
}

export interface SimModbusServer extends SimDispatcherControls {
  readonly host: string;
  readonly port: number;
  /** Stops listening and drops every connection, as if the device were unplugged. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const ADDRESS_IN_USE_RETRIES = 5;

export async function startSimModbusServer(options: SimModbusServerOptions): Promise<SimModbusServer> {
  const host = options.host ?? '127.0.0.1';
  const dispatcher = createSimDispatcher(options);
  const { vector } = dispatcher;
  let server: ModbusServerTCP | null = null;

  function listen(port: number): Promise<ModbusServerTCP> {
    return new Promise((resolve, reject) => {
      const srv = new ModbusServerTCPCtor(vector, { host, port, unitID: 255 });
      srv.once('initialized', () => resolve(srv));
      srv.once('serverError', (err) => reject(err));
      // A client resetting its socket is normal here (tests kill connections on purpose).
      srv.on('socketError', () => {});
      srv.on('error', () => {});
    });
  }

  let port = options.port ?? 0;
  for (let attempt = 0; ; attempt++) {
    const candidate = options.port ?? (await findFreePort(host));
    try {
      server = await listen(candidate);
      port = candidate;
      break;
    } catch (e) {
      const inUse = (e as { code?: string }).code === 'EADDRINUSE';
      if (!inUse || options.port !== undefined || attempt >= ADDRESS_IN_USE_RETRIES) throw e;
    }
  }

  async function stop(): Promise<void> {
    const srv = server;
    server = null;
    if (srv) await new Promise<void>((resolve) => srv.close(() => resolve()));
  }

  return {
    host,
    port,
    get requestCount() {
      return dispatcher.requestCount;
    },
    get maxInFlight() {
      return dispatcher.maxInFlight;
    },
    addDevice: dispatcher.addDevice,
    removeDevice: dispatcher.removeDevice,
    setResponding: dispatcher.setResponding,
    stop,
    async start() {
      if (!server) server = await listen(port);
    },
    close: stop,
  };
}
