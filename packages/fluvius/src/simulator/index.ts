/** @ilumen/fluvius/simulator — a local Fluvius (token endpoint, ESCO API v3, Mijn Fluvius consent page). Node only. */

export { CONSENT_PATH } from './consent-flow';
export { eanFaultMessage } from './consent-page';
export { type ServedQuarter, servedDay } from './energy-response';
export {
  type HouseholdProfile,
  householdProfile,
  type SimulatedQuarter,
  simulateDay,
} from './household-model';
export {
  type ControlCommand,
  type CreateMandateInput,
  controlCommandSchema,
  type SimulatorControl,
  type SimulatorStats,
} from './simulator-control';
export {
  type MeterLayout,
  type SimulatorFault,
  type SimulatorFaultInput,
  type SimulatorOptions,
  type SimulatorOptionsInput,
  simulatorFaultSchema,
  simulatorOptionsSchema,
} from './simulator-options';
export { API_BASE_PATH, type FluviusSimulator, startFluviusSimulator } from './simulator-server';
export type { RequestLogEntry } from './simulator-store';
