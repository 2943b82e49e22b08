/**
 * Text the PDF's standard fonts can print. Helvetica without font files encodes text as WinAnsi
 * (Windows-1252): a character outside it would come out as stray glyphs, so it is swapped for a
 * look-alike where there is one and "?" where there is none. Latin place names (é, ñ, ß) are in it.
 */
const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const lookAlikes: Record<string, string> = {
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2032': "'",
  '\u2033': '"',
};

export function winAnsiText(text: string): string {
  let result = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if ((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || character === '\n')
      result += character;
    else if (winAnsiExtras.has(character)) result += character;
    else result += lookAlikes[character] ?? (character === '\t' ? ' ' : '?');
  }
  return result;
}
