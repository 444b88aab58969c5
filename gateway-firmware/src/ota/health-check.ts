import { z } from 'zod';

/** What the gateway can see of itself at one moment (clock ms); read from the runtime by `runtimeProbe`. */
export interface HealthSnapshot {
  at: number;
  mqttConnected: boolean;
  /** Clock ms of the last good P1 telegram, null when none arrived yet. */
  p1LastGoodAt: number | null;
  /** Longest a telegram may be old and still mean "P1 is flowing". */
  p1MaxAgeMs: number;
  /** Modbus devices read successfully (link online), by config id. */
  devicesOnline: string[];
  controlCycles: number;
  controlOverruns: number;
}

/** How the home was just before the update; after it, the new version must do at least as well. */
export const healthBaselineSchema = z.object({
  p1Flowing: z.boolean(),
  devicesOnline: z.array(z.string()),
  controlRunning: z.boolean(),
});
export type HealthBaseline = z.infer<typeof healthBaselineSchema>;

export function baselineOf(s: HealthSnapshot): HealthBaseline {
  return {
    p1Flowing: s.p1LastGoodAt !== null && s.at - s.p1LastGoodAt <= s.p1MaxAgeMs,
    devicesOnline: [...s.devicesOnline].sort(),
    controlRunning: s.controlCycles > 0,
  };
}

export type HealthCheckName = 'mqtt' | 'p1' | 'modbus' | 'control';

export interface HealthVerdict {
  ok: boolean;
  /** One line per failing check, for the `rolled-back` reason. */
  problems: Partial<Record<HealthCheckName, string>>;
}

/** Control cycles the new version must have run (and not mostly skipped) to count as running. */
export const MIN_CONTROL_CYCLES = 3;

/**
 * The new version's health after its start (`bootAt`), judged against the baseline: connected to the platform; P1
 * telegrams arriving again if they did before; every Modbus device that answered before answering again; the control
 * loop cycling. `blind` makes one check fail on purpose (a release's drill fault).
 */
export function judgeHealth(
  baseline: HealthBaseline,
  now: HealthSnapshot,
  bootAt: number,
  blind: HealthCheckName | null = null,
): HealthVerdict {
  const problems: HealthVerdict['problems'] = {};
  if (!now.mqttConnected || blind === 'mqtt') problems.mqtt = 'not connected to the platform';
  if (baseline.p1Flowing) {
    const fresh =
      now.p1LastGoodAt !== null && now.p1LastGoodAt >= bootAt && now.at - now.p1LastGoodAt <= now.p1MaxAgeMs;
    if (!fresh || blind === 'p1') problems.p1 = 'no P1 telegram since the start';
  }
  const missing = baseline.devicesOnline.filter((id) => !now.devicesOnline.includes(id));
  if (missing.length > 0 || (blind === 'modbus' && baseline.devicesOnline.length > 0)) {
    problems.modbus = `Modbus devices not answering: ${(missing.length > 0 ? missing : baseline.devicesOnline).join(', ')}`;
  } else if (blind === 'modbus') problems.modbus = 'Modbus check failed';
  const cycling = now.controlCycles >= MIN_CONTROL_CYCLES && now.controlOverruns * 2 <= now.controlCycles;
  if ((baseline.controlRunning && !cycling) || blind === 'control')
    problems.control = `control loop not running (${now.controlCycles} cycles, ${now.controlOverruns} skipped)`;
  return { ok: Object.keys(problems).length === 0, problems };
}

export function describeVerdict(v: HealthVerdict): string {
  return Object.values(v.problems).join('; ') || 'healthy';
}
