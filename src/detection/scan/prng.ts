/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded through splitmix32). Each Monte Carlo
 * replication gets its own stream from (seed, replication number), so the replications give the same
 * results whichever worker thread runs them and in whatever order.
 */

/** splitmix32: spreads a 32-bit state into well-mixed words, used only to seed the generator. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** A generator of uniform 32-bit words and of whole numbers below a bound. */
export interface Random {
  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** A uniform whole number in [0, bound), bound ≤ 2^32, without modulo bias. */
  below(bound: number): number;
}

/** The generator for one stream of a seed; `stream` is e.g. the replication number. */
export function seededRandom(seed: number, stream = 0): Random {
  let state = (seed ^ Math.imul(stream + 1, 0x27d4eb2d)) | 0;
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    const [nextState, word] = splitmix32(state);
    state = nextState;
    s[i] = word;
  }
  // xoshiro128** must not start from all zeros.
  if (s.every((word) => word === 0)) s[0] = 1;
  const nextUint32 = (): number => {
    const s0 = s[0] as number;
    const s1 = s[1] as number;
    const s2 = s[2] as number;
    const s3 = s[3] as number;
    const rotated = Math.imul(s1, 5);
    const result = Math.imul((rotated << 7) | (rotated >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = (n3 << 11) | (n3 >>> 21);
    return result;
  };
  return {
    nextUint32,
    below(bound: number): number {
      // Rejection sampling: draws in the incomplete last block of 2^32 are thrown away.
      const limit = 0x1_0000_0000 - (0x1_0000_0000 % bound);
      for (;;) {
        const word = nextUint32();
        if (word < limit) return word % bound;
      }
    },
  };
}

/** Shuffles `values` in place (Fisher–Yates), every order equally likely. */
export function shuffleInPlace(values: Int32Array, random: Random): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    const v = values[i] as number;
    values[i] = values[j] as number;
    values[j] = v;
  }
}
