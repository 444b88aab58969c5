export { renderMail, type RenderedMail } from './templates';
export { Mailer, type MailerOptions, type Attachment } from './mailer';
