/**
 * A small seeded pseudo-random source. The demo data must be byte-identical for a given seed on every
 * machine, so it cannot use Math.random; 32-bit integer arithmetic (Math.imul, |0, >>>) behaves the
 * same everywhere. The generator is sfc32 ("small fast chaotic", 128-bit state), seeded by running
 * splitmix32 over the one 32-bit seed so that neighbouring seeds give unrelated streams.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  /** `stream` picks one of several independent sequences for the same seed (one per generation stage). */
  constructor(seed: number, stream = 0) {
    let mix = seed >>> 0;
    const splitmix32 = (): number => {
      mix = (mix + 0x9e3779b9) | 0;
      let z = mix;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix32();
    this.b = splitmix32();
    this.c = splitmix32();
    mix ^= Math.imul(stream, 0x27d4eb2f);
    this.c ^= splitmix32();
    this.d = 1;
    // The first outputs of sfc32 still echo the seed; discarding a few mixes the state fully.
    for (let i = 0; i < 16; i++) this.uint32();
  }

  /** The next unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) + t;
    this.c |= 0;
    return t >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform number in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** A uniform integer in [min, max], both ends included. */
  integer(min: number, max: number): number {
    return min + Math.floor((max - min + 1) * this.next());
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A standard normal number (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    const spare = this.spareNormal;
    if (spare !== undefined) {
      this.spareNormal = undefined;
      return spare;
    }
    const u = 1 - this.next(); // in (0, 1], so the logarithm is finite
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /**
   * A Poisson count with the given mean: exact inversion for small means, the normal approximation for
   * large ones (where the two are indistinguishable for synthetic counts and inversion would be slow).
   */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const u = this.next();
    let k = 0;
    let probability = Math.exp(-mean);
    let cumulative = probability;
    while (u > cumulative && probability > 0) {
      k++;
      probability *= mean / k;
      cumulative += probability;
    }
    return k;
  }
}

/** A fixed set of values drawn with fixed relative weights. */
export class WeightedChoice<T> {
  private readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new RangeError('WeightedChoice needs at least one entry');
    this.values = entries.map(([value]) => value);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, weight], i) => {
      sum += weight;
      this.cumulative[i] = sum;
    });
    if (!(sum > 0)) throw new RangeError('WeightedChoice needs a positive total weight');
  }

  /** Draws one value. */
  draw(random: Random): T {
    const total = this.cumulative[this.cumulative.length - 1] as number;
    return this.values[indexAtWeight(this.cumulative, random.next() * total)] as T;
  }
}

/**
 * The first index whose running total of weights exceeds `target` (binary search, so drawing stays fast
 * over the tens of thousands of hours of a long timeline). Zero-weight entries are never chosen.
 */
export function indexAtWeight(cumulative: Float64Array, target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((cumulative[middle] ?? 0) > target) high = middle;
    else low = middle + 1;
  }
  return low;
}
