// Records of one file share their keys: the sorted order (with each key already quoted) is worked out
// once per key list. The last list is checked first, element by element, which is all a file needs.
interface KeyOrder {
  keys: string[];
  sorted: { key: string; quoted: string }[];
}
const keyOrders = new Map<string, KeyOrder>();
let lastOrder: KeyOrder = { keys: [], sorted: [] };

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function keyOrder(object: Record<string, unknown>): KeyOrder['sorted'] {
  const keys = Object.keys(object);
  if (sameKeys(keys, lastOrder.keys)) return lastOrder.sorted;
  const signature = keys.join('\u0000');
  let order = keyOrders.get(signature);
  if (!order) {
    order = { keys, sorted: [...keys].sort().map((key) => ({ key, quoted: `${JSON.stringify(key)}:` })) };
    if (keyOrders.size > 1000) keyOrders.clear();
    keyOrders.set(signature, order);
  }
  lastOrder = order;
  return order.sorted;
}

/** JSON with object keys sorted at every level, so jsonb's reordering never changes a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  let out = '';
  for (const { key, quoted } of keyOrder(object)) {
    const v = object[key];
    if (v === undefined) continue;
    out += `${out ? ',' : ''}${quoted}${typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v)}`;
  }
  return `{${out}}`;
}
