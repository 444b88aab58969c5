/** The one-line description of an alarm in the reader's language: the console's and the digest mail's one copy. */
export { alarmText } from '@ilumen/i18n';
