/**
 * Error codes a device status can carry, with the Dutch text the support desk sees: the contract's one table
 * (`@ilumen/mqtt-contract`, the same as docs/devices.md), so the gateway, the seeds and the platform's translations
 * speak the same codes.
 */
export {
  DEVICE_ERROR_CODES as ERROR_CODES,
  type DeviceErrorCode as KnownErrorCode,
  describeDeviceError as describeError,
  GATEWAY_ERROR,
} from '@ilumen/mqtt-contract';

export interface DeviceError {
  code: number;
  text: string;
}
