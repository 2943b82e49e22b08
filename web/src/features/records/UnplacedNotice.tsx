import type { UnplacedOverdosePage } from '../../shared/api-responses';
import { navigate } from '../../shared/router';
import { useApi } from '../../shared/useApi';

/**
 * How many overdoses no point was found for (they are counted everywhere but missing from maps and
 * areas), with a link to their list; nothing when every overdose is placed.
 */
export function UnplacedNotice({ showing }: { showing: boolean }) {
  const unplaced = useApi<UnplacedOverdosePage>('/api/v1/overdoses/unplaced?limit=1');
  const total = unplaced.data?.total ?? 0;
  if (showing) {
    return (
      <p className="muted">
        Showing the {total} overdose{total === 1 ? '' : 's'} no place was found for.{' '}
        <a
          href="/records"
          onClick={(event) => {
            event.preventDefault();
            navigate('/records');
          }}
        >
          Show all records
        </a>
      </p>
    );
  }
  if (total === 0) return null;
  return (
    <p className="unplaced-notice">
      {total} overdose{total === 1 ? '' : 's'} could not be placed on the map (no usable coordinates, address,
      ZIP, city or county).{' '}
      <a
        href="/records?unplaced=1"
        onClick={(event) => {
          event.preventDefault();
          navigate('/records?unplaced=1');
        }}
      >
        Review the unplaced overdoses
      </a>
    </p>
  );
}
