export * from './format';
export * from './locale';
export { faultActionKey } from './messages/areas/faults';
export { defineMessages } from './messages/define';
export type { MessageKey, Messages } from './messages/index';
export * from './translate';
