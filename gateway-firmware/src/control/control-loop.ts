import type { AnyDeviceHandle } from '../devices/driver';
import { type Clock, every } from '../runtime/clock';
import type { EmitEvent } from '../runtime/event-sink';
import type { Logger } from '../runtime/logger';
import { type ActionOutcome, actionTarget, applyAction } from './actuator';
import { DeviceArbiter, type Submission } from './arbiter';
import type { ControlAction, Controller } from './controller';
import { CycleStats } from './cycle-stats';
import type { SiteState } from './site-state';

export interface ControlLoopOptions {
  clock: Clock;
  logger: Logger;
  emit: EmitEvent;
  /** The site as it is now (P1 + device readings). */
  state: (now: number) => SiteState;
  handleOf: (deviceId: string) => AnyDeviceHandle | null;
  periodMs?: number;
  /** Real-time milliseconds, for measuring how long a cycle takes (not the simulated clock). */
  hrNow?: () => number;
  /** Who wins a device when several controllers want it (default: the documented priority, `arbiter.ts`). */
  arbiter?: DeviceArbiter;
}

export interface Decision {
  at: number;
  controller: string;
  action: ControlAction;
  outcome: ActionOutcome;
}

/**
 * The 1-second control cycle: build the site state, ask each controller for actions, apply them through the
 * drivers, and log and publish every action with its reason as a `control.decision` event. A cycle that comes due
 * while the previous one still runs is skipped and counted, so a slow Modbus write never piles cycles up.
 */
export class ControlLoop {
  private controllers: Controller[] = [];
  private ticker: { stop(): void; readonly skipped: number } | undefined;
  private readonly stats_ = new CycleStats();
  private readonly recent: Decision[] = [];
  private readonly arbiter: DeviceArbiter;

  constructor(private readonly options: ControlLoopOptions) {
    this.arbiter = options.arbiter ?? new DeviceArbiter();
  }

  setControllers(controllers: Controller[]): void {
    this.controllers = controllers;
    this.arbiter.reset();
    this.options.logger.info({ controllers: controllers.map((c) => c.name) }, 'controllers set');
  }

  get controllerNames(): string[] {
    return this.controllers.map((c) => c.name);
  }

  start(): void {
    if (this.ticker) return;
    this.ticker = every(
      this.options.clock,
      this.options.periodMs ?? 1000,
      (at) => this.cycle(at),
      (err) => this.options.logger.error({ err }, 'control cycle failed'),
    );
  }

  stop(): void {
    this.ticker?.stop();
    this.ticker = undefined;
  }

  stats(): ReturnType<CycleStats['summary']> {
    const s = this.stats_.summary();
    return { ...s, overruns: this.ticker?.skipped ?? s.overruns };
  }

  /** The last decisions (newest last), for support and tests. */
  decisions(): readonly Decision[] {
    return this.recent;
  }

  /** One cycle; public so a test can run one at an exact instant. */
  async cycle(at: number): Promise<void> {
    const hr = this.options.hrNow ?? (() => performance.now());
    const started = hr();
    const state = this.options.state(at);
    const submissions: Submission[] = [];
    for (const controller of this.controllers) {
      let actions: ControlAction[];
      try {
        actions = controller.tick(state, at);
        for (const event of controller.takeEvents?.() ?? []) this.options.emit(event);
      } catch (err) {
        this.options.logger.error(
          { err, controller: controller.name },
          'controller failed; skipped this cycle',
        );
        continue;
      }
      for (const action of actions) submissions.push({ controller: controller.name, action });
    }
    // several controllers may want one device: the arbiter decides which request reaches it (decision 050)
    for (const w of this.arbiter.resolve(submissions, state))
      await this.apply(w.controller, w.action, at, w.publish);
    this.stats_.add(hr() - started);
  }

  private async apply(controller: string, action: ControlAction, at: number, publish = true): Promise<void> {
    const outcome = await applyAction(action, this.options.handleOf);
    const decision: Decision = { at, controller, action, outcome };
    this.recent.push(decision);
    if (this.recent.length > 100) this.recent.shift();
    const log = {
      controller,
      action: action.kind,
      deviceId: action.deviceId,
      reason: action.reason,
      ...action.values,
    };
    if (!outcome.ok) this.options.logger.warn({ ...log, error: outcome.error }, 'control decision failed');
    else if (publish) this.options.logger.info(log, 'control decision');
    else {
      this.options.logger.debug(log, 'control decision renewed');
      return;
    }
    this.options.emit({
      type: 'control.decision',
      controller,
      action: action.kind,
      reason: action.reason.slice(0, 500),
      values: {
        ...action.values,
        deviceId: action.deviceId,
        ...actionTarget(action),
        result: outcome.ok ? 'ok' : `error: ${outcome.error}`.slice(0, 200),
      },
    });
  }
}
