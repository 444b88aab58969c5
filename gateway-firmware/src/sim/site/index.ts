/**
 * The simulator's public API, for the demo and end-to-end tests (one import, nothing deeper): start N simulated
 * homes with full gateways on a broker (start one with `startProjectBroker` from `@ilumen/broker`).
 */
export { type Clock, ManualClock, realClock, ScaledClock } from '../../runtime/clock';
export type { JournalEntry } from './journal';
export type { QuarterEnergy, SiteProfile } from './simulated-site';
export { SimulatedSite, siteProfile } from './simulated-site';
export {
  type SimCredentials,
  type SimulatedGateway,
  type Simulation,
  type SimulationOptions,
  startSimulation,
} from './simulation';
