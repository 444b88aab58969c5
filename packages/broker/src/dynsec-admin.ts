import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { z } from 'zod';
import { gatewayAcls, gatewayRoleName } from './acl';

const REQUEST_TOPIC = '$CONTROL/dynamic-security/v1';
const RESPONSE_TOPIC = '$CONTROL/dynamic-security/v1/response';

const responseSchema = z.object({
  responses: z.array(
    z.looseObject({
      command: z.string(),
      error: z.string().optional(),
      correlationData: z.string().optional(),
    }),
  ),
});
export type DynsecResponse = z.infer<typeof responseSchema>['responses'][number];
export type DynsecCommand = { command: string } & Record<string, unknown>;

/** The broker refused a dynamic-security command, or did not answer in time. */
export class DynsecError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'DynsecError';
  }
}

export interface DynsecAdminOptions {
  url: string;
  username: string;
  password: string;
  clientId?: string;
  /** How long one request may wait for the broker's answer. */
  timeoutMs?: number;
  /** TLS options when the admin reaches the broker over mqtts://. */
  ca?: string | Buffer;
}

/**
 * The platform's side of Mosquitto's dynamic security API: commands go to `$CONTROL/dynamic-security/v1` as the
 * admin user, and each request waits for its answer on `/response` (matched by correlation data), so a refused or
 * unanswered change is an error for the caller, never a silent loss. Works from any host that reaches the broker.
 */
export class DynsecAdmin {
  private readonly pending = new Map<
    string,
    { resolve: (r: DynsecResponse) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  private ready: Promise<void>;

  private constructor(
    readonly client: MqttClient,
    private readonly timeoutMs: number,
  ) {
    client.on('message', (topic, payload) => {
      if (topic !== RESPONSE_TOPIC) return;
      let parsed: z.infer<typeof responseSchema>;
      try {
        parsed = responseSchema.parse(JSON.parse(payload.toString()));
      } catch {
        return; // not ours to read
      }
      for (const r of parsed.responses) {
        const p = r.correlationData ? this.pending.get(r.correlationData) : undefined;
        if (!p) continue;
        this.pending.delete(r.correlationData!);
        clearTimeout(p.timer);
        p.resolve(r);
      }
    });
    // a reconnect (broker restart) drops the subscription with a clean session: take it again every time
    let first: () => void = () => {};
    this.ready = new Promise<void>((resolve) => {
      first = resolve;
    });
    client.on('connect', () => {
      const subscribed = this.subscribe();
      this.ready = subscribed;
      void subscribed.then(first);
    });
  }

  private subscribe(): Promise<void> {
    return this.client.subscribeAsync(RESPONSE_TOPIC, { qos: 1 }).then(
      () => undefined,
      () => undefined,
    );
  }

  /** Connects (the broker may be down at first: requests then fail until it is back). */
  static connect(options: DynsecAdminOptions): DynsecAdmin {
    const opts: IClientOptions = {
      username: options.username,
      password: options.password,
      clientId: options.clientId ?? `ilumen-admin-${randomBytes(4).toString('hex')}`,
      protocolVersion: 5,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      ...(options.ca ? { ca: options.ca } : {}),
    };
    return new DynsecAdmin(mqtt.connect(options.url, opts), options.timeoutMs ?? 10_000);
  }

  /** Waits until connected and subscribed (tests; requests wait by themselves). */
  async connected(): Promise<void> {
    if (!this.client.connected)
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new DynsecError('broker admin: not connected')), this.timeoutMs);
        this.client.once('connect', () => {
          clearTimeout(t);
          resolve();
        });
      });
    await this.ready;
  }

  /** Sends commands in one message (the broker runs them in order) and returns each one's answer. */
  async send(commands: DynsecCommand[]): Promise<DynsecResponse[]> {
    if (!this.client.connected) throw new DynsecError('broker admin: not connected to the broker');
    await this.ready;
    const batch = randomBytes(6).toString('hex');
    const tagged = commands.map((c, i) => ({ ...c, correlationData: `${batch}-${i}` }));
    const answers = tagged.map(
      (c) =>
        new Promise<DynsecResponse>((resolve, reject) => {
          const timer = setTimeout(() => {
            this.pending.delete(c.correlationData);
            reject(
              new DynsecError(
                `broker admin: no answer to ${c.command} within ${this.timeoutMs} ms`,
                c.command,
              ),
            );
          }, this.timeoutMs);
          this.pending.set(c.correlationData, { resolve, reject, timer });
        }),
    );
    try {
      await this.client.publishAsync(REQUEST_TOPIC, JSON.stringify({ commands: tagged }), { qos: 1 });
    } catch (e) {
      // refused (a user without the admin role) or cut off: no answer will come
      for (const c of tagged) {
        clearTimeout(this.pending.get(c.correlationData)?.timer);
        this.pending.delete(c.correlationData);
      }
      throw new DynsecError(`broker admin: ${(e as Error).message}`, tagged[0]?.command);
    }
    return Promise.all(answers);
  }

  /** Like `send`, but throws on any error other than those `benign` lists per command. */
  async run(commands: DynsecCommand[], benign: Record<string, string[]> = {}): Promise<DynsecResponse[]> {
    const responses = await this.send(commands);
    for (const r of responses)
      if (r.error && !(benign[r.command] ?? []).includes(r.error))
        throw new DynsecError(`broker refused ${r.command}: ${r.error}`, r.command);
    return responses;
  }

  /**
   * Creates or replaces a gateway's login and its own role (its topic root, per the contract). Replacing deletes the
   * old login first, which also disconnects a session still using the old password.
   */
  async setGateway(serial: string, password: string): Promise<void> {
    const rolename = gatewayRoleName(serial);
    await this.run(
      [
        { command: 'deleteClient', username: serial },
        { command: 'deleteRole', rolename },
        { command: 'createRole', rolename, acls: gatewayAcls(serial) },
        { command: 'createClient', username: serial, password, roles: [{ rolename }] },
      ],
      { deleteClient: ['Client not found'], deleteRole: ['Role not found'] },
    );
  }

  /** Disables a gateway's login: the broker disconnects it at once and refuses it from then on. */
  async disableGateway(serial: string): Promise<void> {
    await this.run([{ command: 'disableClient', username: serial }], { disableClient: ['Client not found'] });
  }

  /** Removes a gateway's login and role altogether (disconnects it too). */
  async deleteGateway(serial: string): Promise<void> {
    await this.run(
      [
        { command: 'deleteClient', username: serial },
        { command: 'deleteRole', rolename: gatewayRoleName(serial) },
      ],
      { deleteClient: ['Client not found'], deleteRole: ['Role not found'] },
    );
  }

  async close(): Promise<void> {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new DynsecError('broker admin closed'));
    }
    this.pending.clear();
    await this.client.endAsync(true);
  }
}
