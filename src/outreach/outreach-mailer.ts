import nodemailer from 'nodemailer';

/** A plain-text email of the outreach module: escalations, reminders and break-the-glass notices. */
export interface OutreachMail {
  to: string;
  subject: string;
  body: string;
}

/**
 * Sends the outreach module's emails through the deployment's SMTP server (SOS_SMTP_URL, SOS_MAIL_FROM,
 * as alerts and reports do). Its texts never carry a person's details: case ids and counts only.
 */
export class OutreachMailer {
  private readonly transport: ReturnType<typeof nodemailer.createTransport> | null;

  constructor(private readonly options: { smtpUrl: string | null; mailFrom: string }) {
    this.transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  }

  /** Whether an SMTP server is configured (without one, nothing can be sent). */
  get configured(): boolean {
    return this.transport !== null;
  }

  /**
   * Sends one email and answers the SMTP message id (recorded where a delivery is kept), or throws why
   * not (no SMTP server configured, refused, timed out).
   */
  async send(mail: OutreachMail): Promise<string | null> {
    if (!this.transport) throw new Error('SOS_SMTP_URL is not set');
    const info = await this.transport.sendMail({
      from: this.options.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.body,
    });
    return typeof info.messageId === 'string' ? info.messageId : null;
  }

  /** Closes the SMTP connections. */
  close(): void {
    this.transport?.close();
  }
}
