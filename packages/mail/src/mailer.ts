import type { MailSendPayload } from '@ilumen/jobs';
import { createTransport, type Transporter } from 'nodemailer';
import { renderMail } from './templates';

export interface MailerOptions {
  smtpUrl: string;
  from: string;
}

export interface Attachment {
  filename: string;
  content: Buffer | import('node:stream').Readable | string;
  contentType?: string;
}

/** Sends mail over SMTP. In development and tests the SMTP URL points at the local sink. */
export class Mailer {
  private readonly transport: Transporter;
  constructor(private readonly options: MailerOptions) {
    this.transport = createTransport(options.smtpUrl);
  }

  async sendTemplate(job: MailSendPayload, attachments: Attachment[] = []): Promise<{ messageId: string }> {
    const rendered = renderMail(job);
    const info: { messageId?: unknown } = await this.transport.sendMail({
      from: this.options.from,
      to: job.to,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      attachments,
    });
    return { messageId: String(info.messageId) };
  }

  close(): void {
    this.transport.close();
  }
}
