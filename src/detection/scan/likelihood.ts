/**
 * The log likelihood ratio of a space-time cylinder under the space-time permutation model
 * (Kulldorff et al. 2005), scanning for high rates: with c cases observed inside, μ expected and C in
 * all, LLR = c·ln(c/μ) + (C−c)·ln((C−c)/(C−μ)) when c > μ, and 0 otherwise. It is the Poisson
 * generalized likelihood ratio that the paper uses as an approximation.
 */
export function highRateLogLikelihoodRatio(observed: number, expected: number, total: number): number {
  if (observed <= expected) return 0;
  const inside = observed * Math.log(observed / expected);
  const rest = total - observed;
  if (rest <= 0) return inside;
  return inside + rest * Math.log(rest / (total - expected));
}
