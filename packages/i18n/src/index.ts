export * from './locale';
export * from './format';
export * from './translate';
export type { MessageKey, Messages } from './messages/index';
export { defineMessages } from './messages/define';
