/**
 * What an inbound text message asks, read from its first word as carriers' rules name the keywords
 * (CTIA: STOP and its synonyms stop at once; HELP answers who sends and how to stop), in English and
 * Spanish. `JOIN <area>[, <area>...]` (or `UNIR`) asks for alerts for areas by name.
 */
export type SmsKeyword =
  | { kind: 'stop'; language: 'en' | 'es' }
  | { kind: 'help'; language: 'en' | 'es' }
  | { kind: 'yes'; language: 'en' | 'es' }
  | { kind: 'join'; language: 'en' | 'es'; areaNames: string[] }
  | { kind: 'unknown' };

const STOP_EN = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'];
const STOP_ES = ['ALTO', 'PARAR', 'PARA', 'BASTA'];
const HELP_EN = ['HELP', 'INFO'];
const HELP_ES = ['AYUDA'];
const YES_EN = ['YES', 'Y', 'START', 'UNSTOP'];
const YES_ES = ['SI', 'SÍ'];
const JOIN_EN = ['JOIN'];
const JOIN_ES = ['UNIR', 'UNIRSE'];

/** Reads the keyword of a text: its first word, case and accents aside; the rest only for JOIN. */
export function readSmsKeyword(body: string): SmsKeyword {
  const text = body.trim();
  const match = /^([\p{L}]+)[\s.!,:]*(.*)$/su.exec(text);
  if (!match) return { kind: 'unknown' };
  const word = (match[1] as string).toUpperCase();
  const rest = (match[2] as string).trim();
  const plain = word.normalize('NFD').replace(/\p{M}/gu, '');
  const one = rest === '';
  if (STOP_EN.includes(plain) && one) return { kind: 'stop', language: 'en' };
  if (STOP_ES.includes(plain) && one) return { kind: 'stop', language: 'es' };
  if (HELP_EN.includes(plain) && one) return { kind: 'help', language: 'en' };
  if (HELP_ES.includes(plain) && one) return { kind: 'help', language: 'es' };
  if (YES_EN.includes(plain) && one) return { kind: 'yes', language: 'en' };
  if (YES_ES.includes(word) || (YES_ES.includes(plain) && one)) return { kind: 'yes', language: 'es' };
  const joinLanguage = JOIN_EN.includes(plain) ? 'en' : JOIN_ES.includes(plain) ? 'es' : null;
  if (joinLanguage) {
    const areaNames = rest
      .split(/[,;]|\s+(?:and|y)\s+/i)
      .map((name) => name.trim())
      .filter(Boolean);
    return { kind: 'join', language: joinLanguage, areaNames };
  }
  return { kind: 'unknown' };
}

/** An area name as texted compared with an area's name: case, accents, punctuation and spacing aside. */
export function areaNameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
