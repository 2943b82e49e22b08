/**
 * Which overdoses a count takes: the filter language of alert rules, threshold and statistical alike.
 * Every part is optional; none means every overdose of the jurisdiction.
 */
export interface OverdoseScope {
  /** A layer id (or h3r7); only with `areaId`. */
  layerId?: string;
  areaId?: string;
  /** Primary source types (the overdose's first reporter). */
  sourceTypes?: string[];
  substance?: string;
  caseDefinition?: string;
}
