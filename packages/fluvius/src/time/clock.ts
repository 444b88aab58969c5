// The platform's one clock and sleep (@ilumen/timing), under the names the Fluvius client has always used.
export { type Clock, realSleep, type Sleep, systemClock } from '@ilumen/timing';
