/**
 * A small well-formedness check for the SVG the report charts write, so their tests need no XML
 * parser: every tag is closed in order, attributes are quoted and unique, and no `<` or bare `&`
 * stands in text or in an attribute value. Returns the problems found (none for good XML), and the
 * elements' names in document order, for tests that count marks.
 */
export interface XmlCheck {
  problems: string[];
  elements: string[];
}

const entity = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
const name = /^[A-Za-z_][\w.:-]*/;

export function checkXml(xml: string): XmlCheck {
  const problems: string[] = [];
  const elements: string[] = [];
  const open: string[] = [];
  let i = 0;
  const checkText = (text: string, where: string) => {
    for (let j = text.indexOf('&'); j >= 0; j = text.indexOf('&', j + 1)) {
      if (!entity.test(text.slice(j))) problems.push(`bare & in ${where} at ${i}`);
    }
    if (text.includes('<')) problems.push(`< in ${where} at ${i}`);
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = lt < 0 ? xml.slice(i) : xml.slice(i, lt);
    checkText(text.replaceAll('>', ''), 'text');
    if (text.trim() && open.length === 0) problems.push(`text outside the root at ${i}`);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i) || xml.startsWith('<?', i)) {
      const end = xml.indexOf(xml.startsWith('<!--', i) ? '-->' : '?>', i);
      if (end < 0) return { problems: [...problems, `unclosed comment at ${i}`], elements };
      i = end + 2;
      continue;
    }
    const closing = xml[i + 1] === '/';
    const tagName = name.exec(xml.slice(i + (closing ? 2 : 1)))?.[0];
    if (!tagName) return { problems: [...problems, `bad tag at ${i}`], elements };
    i += (closing ? 2 : 1) + tagName.length;
    if (closing) {
      const expected = open.pop();
      if (expected !== tagName) problems.push(`</${tagName}> closes <${expected}> at ${i}`);
      const gt = xml.indexOf('>', i);
      if (gt < 0 || xml.slice(i, gt).trim()) problems.push(`bad closing tag at ${i}`);
      i = gt + 1;
      continue;
    }
    if (open.length === 0 && elements.length > 0) problems.push(`a second root <${tagName}> at ${i}`);
    elements.push(tagName);
    const seen = new Set<string>();
    for (;;) {
      const rest = xml.slice(i);
      const space = /^\s*/.exec(rest)?.[0].length ?? 0;
      i += space;
      if (xml.startsWith('/>', i)) {
        i += 2;
        break;
      }
      if (xml[i] === '>') {
        open.push(tagName);
        i += 1;
        break;
      }
      const attribute = /^([A-Za-z_][\w.:-]*)\s*=\s*(["'])/.exec(xml.slice(i));
      if (!attribute || space === 0)
        return { problems: [...problems, `bad attribute in <${tagName}> at ${i}`], elements };
      const [whole, attributeName = '', quote = '"'] = attribute;
      if (seen.has(attributeName)) problems.push(`duplicate ${attributeName} in <${tagName}> at ${i}`);
      seen.add(attributeName);
      const end = xml.indexOf(quote, i + whole.length);
      if (end < 0) return { problems: [...problems, `unclosed attribute at ${i}`], elements };
      checkText(xml.slice(i + whole.length, end), `attribute ${attributeName}`);
      i = end + 1;
    }
  }
  if (open.length > 0) problems.push(`unclosed <${open.join('>, <')}>`);
  if (elements.length === 0) problems.push('no root element');
  return { problems, elements };
}
