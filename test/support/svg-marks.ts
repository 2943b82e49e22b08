/**
 * Reading marks back out of the charts' SVG in tests: the elements of one kind, with their
 * attributes as strings, in document order; and the text of every `<text>` element.
 */
export type Attributes = Record<string, string>;

export function elementsOf(svg: string, name: string): Attributes[] {
  const found: Attributes[] = [];
  for (const match of svg.matchAll(new RegExp(`<${name}\\b([^>]*?)/?>`, 'g'))) {
    const attributes: Attributes = {};
    for (const [, key = '', value = ''] of (match[1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g))
      attributes[key] = value;
    found.push(attributes);
  }
  return found;
}

/** The part of the SVG inside the first `<g class="...">` of that class (groups there do not nest). */
export function groupOf(svg: string, className: string): string {
  const start = svg.indexOf(`<g class="${className}">`);
  if (start < 0) return '';
  return svg.slice(start, svg.indexOf('</g>', start));
}

export function textsOf(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((match) => match[1] ?? '');
}
