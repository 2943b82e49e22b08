import type { Me } from '../../shared/api-responses';
import { CaseView } from './CaseView';
import { MyQueue } from './MyQueue';
import { ProgramQueue } from './ProgramQueue';
import { WaitingList } from './WaitingList';
import './outreach.css';

/**
 * An outreach page: the worker's queue or the coordinator's program view, or one case of it when the
 * address names one (?case=…&form=…, so a reload reopens the case and the form being filled; &edit=…
 * names a refused record reopened in its form).
 */
export function OutreachPage({
  me,
  view,
  path,
  search,
}: {
  me: Me;
  view: 'my-queue' | 'program-queue';
  path: string;
  search: string;
}) {
  const query = new URLSearchParams(search);
  const caseId = query.get('case');
  return (
    // The coordinator's tables get the width of a desk's screen; the worker's pages stay phone-narrow.
    <div className={!caseId && view === 'program-queue' ? 'outreach wide' : 'outreach'}>
      <WaitingList me={me} path={path} />
      {caseId ? (
        <CaseView
          key={caseId}
          me={me}
          caseId={caseId}
          form={query.get('form')}
          edit={query.get('edit')}
          path={path}
        />
      ) : view === 'my-queue' ? (
        <MyQueue path={path} />
      ) : (
        <ProgramQueue me={me} path={path} />
      )}
    </div>
  );
}
