import type { Queryable } from '../../platform/database.js';

/** How a jurisdiction protects what it publishes: k per audience and the smallest public area. */
export interface PublicationSettings {
  /** Public counts of 1..k−1 are suppressed (default 10). */
  k: number;
  /** Partner reports' k (default 1: partners see every count, as on their dashboard). */
  partnerK: number;
  /** Public areas hold at least this many residents (default 20,000). */
  minPopulation: number;
}

/** The jurisdiction's publication settings (`sos jurisdiction set-publication` changes them). */
export async function publicSettings(db: Queryable, jurisdictionId: string): Promise<PublicationSettings> {
  const [row] = await db.query<PublicationSettings>(
    `select public_k as k, partner_k as "partnerK", public_min_population as "minPopulation"
     from jurisdictions where id = $1`,
    [jurisdictionId],
  );
  return row ?? { k: 10, partnerK: 1, minPopulation: 20_000 };
}
