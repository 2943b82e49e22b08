// Until branch fix/xml lands src/platform/xml: its XmlElement type as the contract (api.md) states it.
/** An element as read: local names (prefix dropped), attributes by qualified name ('xsi:nil', 'NV', 'PN'). */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}
