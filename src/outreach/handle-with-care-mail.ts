import type { OutreachMail } from './outreach-mailer.js';

/** The outbox topic of Handle with Care notices: the payload names the notice, never the child. */
export const HANDLE_WITH_CARE_TOPIC = 'outreach.handle_with_care';

/** What a Handle with Care notice holds: nothing but these three fields and the words "Handle with Care". */
export interface HandleWithCareFields {
  childName: string;
  birthDate: string;
  schoolName: string;
}

/**
 * The email to the school's designated contact. It holds only the child's name, date of birth and
 * school, and the words "Handle with Care": no incident, no family names, nothing about an overdose,
 * no program or case (the sender is the deployment's address; a school that wants to know more has
 * no more to learn from SOS).
 */
export function handleWithCareMail(to: string, fields: HandleWithCareFields): OutreachMail {
  return {
    to,
    subject: 'Handle with Care',
    body: [
      'Handle with Care',
      '',
      `Child: ${fields.childName}`,
      `Date of birth: ${fields.birthDate}`,
      `School: ${fields.schoolName}`,
    ].join('\n'),
  };
}
