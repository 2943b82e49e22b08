/** A plain-text email as the deployment's mailer sends it (see OutreachMailer, wired in by main). */
export interface PlainMail {
  to: string;
  subject: string;
  body: string;
}

/** What sends plain-text email through the deployment's SMTP server. */
export interface PlainMailer {
  /** Whether an SMTP server is configured (without one, nothing can be sent). */
  readonly configured: boolean;
  /** Sends one email, or throws why not. */
  send(mail: PlainMail): Promise<unknown>;
}

/** The invitation email: who invited whom to what, the one-time link, and how long it lasts. */
export function invitationMail(input: {
  to: string;
  displayName: string;
  jurisdictionName: string;
  link: string;
  expiresAt: Date;
}): PlainMail {
  return {
    to: input.to,
    subject: `Your SOS account for ${input.jurisdictionName}`,
    body: [
      `Hello ${input.displayName},`,
      '',
      `An administrator of ${input.jurisdictionName} has made you an account in SOS, the overdose surveillance and response system.`,
      'Open this link to choose your password and sign in:',
      '',
      input.link,
      '',
      `The link works once, until ${input.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC. If it has expired, ask your administrator to send it again.`,
      'If you did not expect this email, ignore it: nothing happens until the link is opened.',
    ].join('\n'),
  };
}
