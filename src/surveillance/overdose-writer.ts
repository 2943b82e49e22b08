/**
 * Surveillance's face to intake: what the intake transaction writes into surveillance's tables
 * (overdoses and their areas as COPY lines, rebuilt overdoses, repeat statuses, rollup changes, source
 * activity).
 * Surveillance keeps the overdose tables because nearly all of it reads them (live, aggregates, hot
 * spots, exports, freshness); intake writes them only through these calls, inside its own transaction
 * and with the bulk (COPY) path intact. Authorization is intake's: it checks the batch before writing.
 */
export {
  applyRollupDelta,
  deleteOverdose,
  insertOverdoseLines,
  overdoseLinePrefix,
  overdoseLines,
  readOverdoses,
  replaceOverdose,
  updateRepeatStatuses,
} from './overdose-store.js';
export { recordSourceActivity } from './sources/source-activity-repository.js';
