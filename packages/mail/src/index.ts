export { type Attachment, Mailer, type MailerOptions } from './mailer';
export { type RenderedMail, renderMail } from './templates';
