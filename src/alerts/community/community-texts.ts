import type { CommunityLanguage } from './community-vocabulary.js';

/** What SOS writes to a subscriber besides alerts, in their language; every SMS says how to stop. */
export interface CommunityTextContext {
  /** Who sends: the jurisdiction's name. */
  sender: string;
  language: CommunityLanguage;
}

/** The footer every alert SMS carries, counted in its parts. */
export function smsStopFooter(language: CommunityLanguage): string {
  return language === 'es' ? ' Resp ALTO para parar.' : ' Reply STOP to stop.';
}

const list = (names: readonly string[]) => names.join(', ');

/** The SMS asking to confirm a subscription (double opt-in). */
export function confirmRequestSms(c: CommunityTextContext, areaNames: readonly string[]): string {
  return c.language === 'es'
    ? `${c.sender}: ¿Recibir alertas de drogas peligrosas para ${list(areaNames)}? Responda SI para confirmar. ALTO para parar, AYUDA para ayuda.`
    : `${c.sender}: Get bad-batch drug alerts for ${list(areaNames)}? Reply YES to confirm. Reply STOP to stop, HELP for help. Msg&data rates may apply.`;
}

/** The SMS saying alerts will come. */
export function confirmedSms(c: CommunityTextContext, areaNames: readonly string[]): string {
  return c.language === 'es'
    ? `${c.sender}: Listo. Recibirá alertas para ${list(areaNames)}. Responda ALTO para parar.`
    : `${c.sender}: You're in. You'll get bad-batch alerts for ${list(areaNames)}. Reply STOP to stop.`;
}

/** The one SMS confirming a stop. */
export function stoppedSms(c: CommunityTextContext): string {
  return c.language === 'es'
    ? `${c.sender}: No recibirá más mensajes. Responda SI para volver.`
    : `${c.sender}: You're unsubscribed and will get no more messages. Reply START to rejoin.`;
}

/** The HELP answer: who sends and how to stop. */
export function helpSms(c: CommunityTextContext): string {
  return c.language === 'es'
    ? `${c.sender} envía alertas de drogas peligrosas. Envíe UNIR y su pueblo para unirse. ALTO para parar. Emergencia: 911. Crisis: 988.`
    : `${c.sender} sends bad-batch drug alerts. Text JOIN and your town to sign up. Reply STOP to stop. Emergency: 911. Crisis: 988.`;
}

/** The answer to JOIN with names SOS does not know. */
export function unknownAreaSms(c: CommunityTextContext, names: readonly string[]): string {
  return c.language === 'es'
    ? `${c.sender}: No conocemos "${list(names)}". Envíe UNIR y el nombre de su pueblo, p. ej. UNIR Hartford.`
    : `${c.sender}: We don't know "${list(names)}". Text JOIN and your town's name, e.g. JOIN Hartford.`;
}

/** A plain email from SOS to a subscriber. */
export interface CommunityEmail {
  subject: string;
  body: string;
}

/** The email asking to confirm, with the one link that confirms and the link that stops. */
export function confirmRequestEmail(
  c: CommunityTextContext,
  areaNames: readonly string[],
  links: { confirm: string; stop: string; hours: number },
): CommunityEmail {
  if (c.language === 'es')
    return {
      subject: `${c.sender}: confirme las alertas de drogas peligrosas`,
      body: [
        `Alguien (esperamos que usted) pidió alertas de drogas peligrosas de ${c.sender} para: ${list(areaNames)}.`,
        '',
        `Para confirmar, abra este enlace en las próximas ${links.hours} horas:`,
        links.confirm,
        '',
        'Si no lo pidió, no haga nada: no recibirá nada más.',
        `Para parar en cualquier momento: ${links.stop}`,
      ].join('\n'),
    };
  return {
    subject: `${c.sender}: confirm your bad-batch alerts`,
    body: [
      `Someone (we hope you) asked for bad-batch drug alerts from ${c.sender} for: ${list(areaNames)}.`,
      '',
      `To confirm, open this link within ${links.hours} hours:`,
      links.confirm,
      '',
      "If you didn't ask, do nothing: you will get nothing more.",
      `To stop at any time: ${links.stop}`,
    ].join('\n'),
  };
}

/** The email saying alerts will come. */
export function confirmedEmail(
  c: CommunityTextContext,
  areaNames: readonly string[],
  stop: string,
): CommunityEmail {
  return c.language === 'es'
    ? {
        subject: `${c.sender}: alertas confirmadas`,
        body: `Recibirá alertas de drogas peligrosas para: ${list(areaNames)}.\n\nPara parar: ${stop}`,
      }
    : {
        subject: `${c.sender}: alerts confirmed`,
        body: `You'll get bad-batch drug alerts for: ${list(areaNames)}.\n\nTo stop: ${stop}`,
      };
}

/** The one email confirming a stop. */
export function stoppedEmail(c: CommunityTextContext): CommunityEmail {
  return c.language === 'es'
    ? { subject: `${c.sender}: alertas paradas`, body: 'No recibirá más mensajes de alertas.' }
    : {
        subject: `${c.sender}: alerts stopped`,
        body: "You're unsubscribed and will get no more alert emails.",
      };
}

/** An alert by email: the approved message of the subscriber's audience and the stop link. */
export function alertEmail(
  c: CommunityTextContext,
  alert: { title: string; message: string },
  stop: string,
): CommunityEmail {
  const stopLine = c.language === 'es' ? `Para parar: ${stop}` : `To stop these alerts: ${stop}`;
  return { subject: `${c.sender}: ${alert.title}`, body: `${alert.message}\n\n${stopLine}` };
}
