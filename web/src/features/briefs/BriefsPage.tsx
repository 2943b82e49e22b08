import type { Me } from '../../shared/api-responses';
import { PublicSafetyBrief } from './PublicSafetyBrief';
import { TrainingBrief } from './TrainingBrief';

/**
 * Briefs for public safety partners: where and when overdoses cluster in a precinct or area, and who
 * overdoses here, for officers' and first responders' training. Both carry T1 figures, suppressed.
 */
export function BriefsPage({ me }: { me: Me }) {
  return (
    <section className="briefs">
      <h1>Briefs</h1>
      <PublicSafetyBrief me={me} />
      <TrainingBrief me={me} />
    </section>
  );
}
