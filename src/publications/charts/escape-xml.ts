/**
 * Text made safe to place in XML, as element content or inside a quoted attribute: labels come
 * from data (place names, rule names), so a name like `A&E <North>` must not break the markup.
 */
const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character] ?? character);
}
