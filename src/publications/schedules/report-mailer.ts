import nodemailer from 'nodemailer';
import type { MailText } from './report-mail-text.js';

/** How the mailer reaches the SMTP server: the alerts' settings (SOS_SMTP_URL, SOS_MAIL_FROM). */
export interface ReportMailerOptions {
  smtpUrl: string | null;
  mailFrom: string;
}

/** A file attached to an email. */
export interface MailAttachment {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Sends one report email to one recipient through SMTP (nodemailer). */
export class ReportMailer {
  private readonly transport: ReturnType<typeof nodemailer.createTransport> | null;

  constructor(private readonly options: ReportMailerOptions) {
    this.transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  }

  /** Sends, or throws why not (no SMTP server configured, refused, timed out). */
  async send(to: string, text: MailText, attachment: MailAttachment, reportId: string): Promise<void> {
    if (!this.transport) throw new Error('SOS_SMTP_URL is not set');
    await this.transport.sendMail({
      from: this.options.mailFrom,
      to,
      subject: text.subject,
      text: text.body,
      attachments: [
        {
          filename: attachment.fileName,
          contentType: attachment.contentType,
          content: Buffer.from(
            attachment.bytes.buffer,
            attachment.bytes.byteOffset,
            attachment.bytes.byteLength,
          ),
        },
      ],
      headers: { 'X-SOS-Report': reportId },
    });
  }

  /** Closes the SMTP connections. */
  close(): void {
    this.transport?.close();
  }
}
