import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { appendAuditEntries } from '../audit/audit-repository.js';
import { authorizeUser } from '../authorize.js';
import { type Actor, auditActor } from '../roles.js';
import { applySettingsChange, changedFields, type SettingsChange } from './jurisdiction-settings.js';
import { type PresentedSettings, presentSettings } from './jurisdiction-settings-presenter.js';
import { readJurisdictionSettings, writeJurisdictionSettings } from './jurisdiction-settings-repository.js';

/** The administrator's jurisdiction's settings. */
export async function readSettings(deps: { db: Database }, actor: Actor): Promise<PresentedSettings> {
  authorizeUser(actor, 'jurisdiction.manage');
  const settings = await readJurisdictionSettings(deps.db, actor.jurisdictionId);
  if (!settings) throw new SosError('UNKNOWN_JURISDICTION');
  return presentSettings(settings);
}

/**
 * Changes the administrator's jurisdiction's settings, checked, with an audit entry
 * (`jurisdiction.update`) naming each changed field with its old and new value, in one transaction.
 */
export async function changeSettings(
  deps: { db: Database; clock: Clock },
  actor: Actor,
  change: SettingsChange,
): Promise<PresentedSettings> {
  authorizeUser(actor, 'jurisdiction.manage');
  return deps.db.transaction(async (tx) => {
    const before = await readJurisdictionSettings(tx, actor.jurisdictionId, true);
    if (!before) throw new SosError('UNKNOWN_JURISDICTION');
    const after = applySettingsChange(before, change);
    const changed = changedFields(before, after);
    if (Object.keys(changed).length > 0) {
      await writeJurisdictionSettings(tx, after);
      await appendAuditEntries(tx, actor.jurisdictionId, deps.clock.now(), [
        {
          ...auditActor(actor),
          action: 'jurisdiction.update',
          subjectType: 'jurisdiction',
          subjectId: actor.jurisdictionId,
          purpose: null,
          details: { changed },
        },
      ]);
    }
    return presentSettings(after);
  });
}
