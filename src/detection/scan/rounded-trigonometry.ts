/**
 * Sine and cosine rounded correctly: the double nearest the exact value, as IEEE 754 recommends.
 *
 * Why not Math.sin and Math.cos: JavaScript leaves their last bit to the engine (V8 uses fdlibm), and
 * C libraries differ again, so the same degrees give Cartesian points one ulp apart from one program
 * to the next. On a regular latitude/longitude grid, where many neighbours are equidistant, that ulp
 * decides which of two cells a circle holds. Correct rounding is the one answer every platform can
 * agree on: it is what SaTScan computes wherever its math library rounds correctly (of the angles
 * -180°, -179.995°, ..., 180°, glibc rounds both sine and cosine correctly for 99.8%, V8 for 93.4%).
 *
 * How: the argument is taken exactly as a binary fraction, reduced by a multiple of π/2 and summed
 * as Taylor series in fixed point with 256 fractional bits; the result is off from the exact value
 * by under 2^-230, so rounding it to a double is exact unless the exact value lies that close to a
 * point halfway between two doubles.
 */

/** Fractional bits of the fixed-point arithmetic. */
const FRACTION_BITS = 256n;
const ONE = 1n << FRACTION_BITS;

/** atan(1/x) in fixed point, by its alternating series. */
function arctangentOfInverse(x: bigint): bigint {
  const xSquared = x * x;
  let power = ONE / x;
  let sum = 0n;
  for (let k = 1n; power !== 0n; k += 2n) {
    sum += (k & 2n) === 0n ? power / k : -power / k;
    power /= xSquared;
  }
  return sum;
}

/** π/2 in fixed point, from Machin's formula π/4 = 4·atan(1/5) − atan(1/239). */
const HALF_PI = 2n * (4n * arctangentOfInverse(5n) - arctangentOfInverse(239n));

/** The exact value of a finite double times 2^FRACTION_BITS, truncated toward zero. */
function toFixedPoint(value: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const biasedExponent = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  // value = mantissa · 2^exponent, with the hidden bit for normal numbers.
  const mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n);
  const shift = BigInt(Math.max(biasedExponent, 1) - 1075) + FRACTION_BITS;
  return shift >= 0n ? mantissa << shift : mantissa >> -shift;
}

/** sin and cos of r (fixed point, |r| ≤ π/4), by their Taylor series. */
function reducedSineCosine(r: bigint): [bigint, bigint] {
  const rSquared = (r * r) >> FRACTION_BITS;
  let sine = 0n;
  let term = r;
  for (let n = 2n; term !== 0n; n += 2n) {
    sine += term;
    term = -((term * rSquared) >> FRACTION_BITS) / (n * (n + 1n));
  }
  let cosine = 0n;
  term = ONE;
  for (let n = 1n; term !== 0n; n += 2n) {
    cosine += term;
    term = -((term * rSquared) >> FRACTION_BITS) / (n * (n + 1n));
  }
  return [sine, cosine];
}

/** A fixed-point value rounded to the nearest double (BigInt to Number rounds to nearest, ties even). */
function toDouble(fixed: bigint): number {
  return Number(fixed) / 2 ** Number(FRACTION_BITS);
}

/** [sin x, cos x], each correctly rounded, for a finite x with |x| < 2^20 (radians). */
export function sineCosine(x: number): [number, number] {
  if (!(Math.abs(x) < 2 ** 20)) throw new RangeError(`sineCosine takes |x| < 2^20, not ${x}`);
  // Below 2^-27 the series past its first term is under half an ulp: sin x rounds to x, cos x to 1
  // (this also keeps the sign of -0).
  if (Math.abs(x) < 2 ** -27) return [x, 1];
  const magnitude = toFixedPoint(x);
  const quadrant = (magnitude + HALF_PI / 2n) / HALF_PI;
  const [s, c] = reducedSineCosine(magnitude - quadrant * HALF_PI);
  let sine: bigint;
  let cosine: bigint;
  switch (quadrant % 4n) {
    case 0n:
      [sine, cosine] = [s, c];
      break;
    case 1n:
      [sine, cosine] = [c, -s];
      break;
    case 2n:
      [sine, cosine] = [-s, -c];
      break;
    default:
      [sine, cosine] = [-c, s];
  }
  return [toDouble(x < 0 ? -sine : sine), toDouble(cosine)];
}
