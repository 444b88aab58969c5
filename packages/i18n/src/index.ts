export * from './alarm-text';
export * from './codes';
export * from './format';
export * from './locale';
export * from './message-format';
export { FAULT_CODES_WITH_ADVICE, faultActionKey } from './messages/areas/faults';
export { defineMessages } from './messages/define';
export type { MessageKey, Messages } from './messages/index';
export * from './translate';
