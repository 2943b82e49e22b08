// The GSM 03.38 default alphabet and its extension table (each extension character takes two septets).
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';

/** How a text travels as SMS: its encoding, its length in that encoding's units, and its parts. */
export interface SmsLength {
  encoding: 'gsm7' | 'ucs2';
  units: number;
  parts: number;
}

/** A part holds 160 GSM-7 septets or 70 UCS-2 characters alone; a part of several loses room to its header. */
const SINGLE = { gsm7: 160, ucs2: 70 } as const;
const CONCATENATED = { gsm7: 153, ucs2: 67 } as const;

/**
 * The parts a text takes as SMS: GSM-7 when every character is in the default alphabet or its
 * extension (which counts twice), else UCS-2 counted in UTF-16 code units (an emoji counts two).
 */
export function smsLength(text: string): SmsLength {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (GSM_BASIC.includes(char)) septets += 1;
    else if (GSM_EXTENSION.includes(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  const encoding = gsm ? 'gsm7' : 'ucs2';
  const units = gsm ? septets : text.length;
  const parts = units === 0 ? 1 : units <= SINGLE[encoding] ? 1 : Math.ceil(units / CONCATENATED[encoding]);
  return { encoding, units, parts };
}

/** More parts than this and the draft is warned: long texts arrive split, out of order on some phones. */
export const SMS_PARTS_WARNED_OVER = 2;
