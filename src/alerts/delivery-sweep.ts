import type { Queryable } from '../platform/database.js';
import type { AlertNotifier } from './alert-notifier.js';
import {
  type AlertDelivery,
  dueDeliveries,
  findAlert,
  findAlertRule,
  updateDelivery,
} from './alert-repository.js';

/** How many due deliveries one sweep takes on; the rest wait for the next. */
const SWEEP_LIMIT = 200;

/**
 * Resumes the alert deliveries no server is working on: those whose long backoff has run out, and
 * those a stopped server left (a restart, a one-off command that raised an alert and exited). Any
 * server may sweep: every attempt is claimed on its row first, so each is made once. The job runner
 * sweeps every config.alertDeliverySeconds.
 */
export class AlertDeliverySweep {
  constructor(
    private readonly db: Queryable,
    private readonly notifier: AlertNotifier,
  ) {}

  /** Tries every delivery due at `now`; settles when each has had its attempts. Returns how many were due. */
  async runOnce(now = new Date()): Promise<number> {
    const due = await dueDeliveries(this.db, now, SWEEP_LIMIT);
    const byAlert = new Map<string, AlertDelivery[]>();
    for (const delivery of due) {
      const key = `${delivery.jurisdictionId}/${delivery.alertId}`;
      byAlert.set(key, [...(byAlert.get(key) ?? []), delivery]);
    }
    await Promise.all(
      [...byAlert.values()].map(async (deliveries) => {
        const [first] = deliveries as [AlertDelivery];
        const alert = await findAlert(this.db, first.jurisdictionId, first.alertId);
        const rule = alert && (await findAlertRule(this.db, alert.jurisdictionId, alert.ruleId));
        if (!alert || !rule) {
          // Alerts and rules are never deleted, so this is a row written by hand: stop trying it.
          for (const d of deliveries) {
            await updateDelivery(this.db, {
              ...d,
              status: 'failed',
              lastError: 'The alert or its rule is gone',
              nextAttemptAt: null,
            });
          }
          return;
        }
        await this.notifier.deliver(rule, alert, deliveries);
      }),
    );
    return due.length;
  }
}
