import type { SceneKind } from './scene-rule.js';

/** A plain-text email to a supervisor. */
export interface SupervisorMail {
  to: string;
  subject: string;
  body: string;
}

/** Sends supervisors' emails (the deployment's SMTP server, wired by src/main). */
export interface SupervisorMailer {
  /** Whether an SMTP server is configured. */
  readonly configured: boolean;
  /** Sends one email, or throws why not (what it answers is not read). */
  send(mail: SupervisorMail): Promise<unknown>;
}

const kindWords: Record<SceneKind, string> = {
  fatal: 'a death',
  pediatric: 'a child',
  multiple_victim: 'several victims',
};

/** The peer-support contacts a jurisdiction gives its responders (its own data, written into the prompt). */
export interface PeerSupportContact {
  name: string;
  phone: string | null;
  email: string | null;
}

/**
 * The prompt to a unit's supervisor after a hard scene: offer a confidential debrief and the peer-support
 * contacts, then record through the one-time link only that the offer was made and whether it was taken
 * up. It names the unit, the day and what made the scene hard; nothing of the victims or the responders.
 */
export function debriefPromptMail(prompt: {
  to: string;
  unitName: string;
  day: string;
  kinds: readonly SceneKind[];
  link: string;
  linkDays: number;
  contacts: readonly PeerSupportContact[];
}): SupervisorMail {
  const what = prompt.kinds.map((k) => kindWords[k]).join(', ');
  const contacts = prompt.contacts.length
    ? prompt.contacts.map((c) => `- ${[c.name, c.phone, c.email].filter(Boolean).join(', ')}`)
    : ['- (no contacts are listed yet: ask your administrator)'];
  return {
    to: prompt.to,
    subject: `${prompt.unitName}: offer a confidential debrief`,
    body: [
      `${prompt.unitName} responded on ${prompt.day} to an overdose scene with ${what}.`,
      '',
      'Please offer the crew a confidential debrief and these peer-support contacts:',
      ...contacts,
      '',
      'Then record, through this link, only that you made the offer and whether it was accepted:',
      prompt.link,
      '',
      `The link works once and for ${prompt.linkDays} days. Do not record anything about anyone's health:`,
      'the form takes only the offer and the answer.',
    ].join('\n'),
  };
}
