import { AccessService } from '../access/access-service.js';
import { AlertEvaluator } from '../alerts/alert-evaluator.js';
import { AlertNotifier } from '../alerts/alert-notifier.js';
import { AlertDeliverySweep } from '../alerts/delivery-sweep.js';
import { StatisticalRuleScheduler } from '../alerts/statistical-scheduler.js';
import type { IntakeDependencies } from '../intake/intake-service.js';
import { type Clock, systemClock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import { type Database, openDatabase, type PgliteOpening } from '../platform/database.js';
import { type Keyring, loadKeyring } from '../platform/keyring.js';
import { migrate } from '../platform/migrate.js';
import { ReportMailer } from '../publications/schedules/report-mailer.js';
import type { ReportMaker } from '../publications/schedules/report-maker.js';
import {
  DEFAULT_REPORT_SCHEDULE_SECONDS,
  ReportScheduler,
} from '../publications/schedules/report-scheduler.js';
import { weeklyReportMaker } from '../publications/weekly/weekly-report-maker.js';
import { AggregateCache } from '../surveillance/aggregates/aggregate-cache.js';
import { AreaLocatorCache } from '../surveillance/area-locator-cache.js';
import { LiveFeed } from '../surveillance/live/live-feed.js';

/** Everything a running SOS shares: configuration, database, clock, keys and the services on them. */
export interface AppContext {
  config: Config;
  db: Database;
  clock: Clock;
  keyring: Keyring;
  access: AccessService;
  locators: AreaLocatorCache;
  /** Committed changes to overdoses, for live dashboards. */
  live: LiveFeed;
  /** Recent aggregate answers, dropped when the live feed hears of a change. */
  aggregateCache: AggregateCache;
  intake: IntakeDependencies;
  /** Evaluates the alert rules after every committed change and delivers the alerts raised. */
  alerts: AlertEvaluator;
  /** Runs the statistical alert rules over the rollups on an interval (config.alertScheduleMinutes). */
  scheduledAlerts: StatisticalRuleScheduler;
  /** Resumes alert deliveries past their long backoff or left by a stopped server (started by `sos start`). */
  alertDeliveries: AlertDeliverySweep;
  /** Runs the weekly report schedules (every config.reportScheduleSeconds once started), and one on demand. */
  reports: ReportScheduler;
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date and wires the services. */
export async function createAppContext(
  config: Config,
  options: {
    clock?: Clock;
    db?: Database;
    alertRetryDelaysMs?: readonly number[];
    /** Makes the weekly reports (default: the real reports, PDF through Chromium when present). */
    reportMaker?: ReportMaker;
    /** How long a failed report email waits for its retry (half the schedule interval by default). */
    reportRetryAfterMs?: number;
    /** Who opens the embedded database (its lock names them) and whether it may create one. */
    opening?: PgliteOpening;
  } = {},
): Promise<AppContext> {
  const db = options.db ?? (await openDatabase(config, options.opening));
  let keyring: Keyring;
  try {
    await migrate(db);
    keyring = loadKeyring(config);
  } catch (error) {
    // Closing releases the data directory's lock before the error reaches the user.
    if (!options.db) await db.close().catch(() => {});
    throw error;
  }
  const clock = options.clock ?? systemClock;
  const locators = new AreaLocatorCache(db);
  const live = new LiveFeed();
  await live.connect(db);
  const aggregateCache = new AggregateCache(live);
  const notifier = new AlertNotifier(db, keyring, {
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    webhookAddresses: { allowedRanges: config.webhookAllowedRanges },
    ...(options.alertRetryDelaysMs ? { retryDelaysMs: options.alertRetryDelaysMs } : {}),
  });
  const alerts = new AlertEvaluator(db, clock, live, notifier, (error) =>
    console.error('alert evaluation failed:', error),
  );
  const scheduledAlerts = new StatisticalRuleScheduler(db, clock, notifier, {
    intervalMs: config.alertScheduleMinutes * 60_000,
    onError: (error) => console.error('scheduled alert rules failed:', error),
  });
  if (config.alertScheduleMinutes > 0) scheduledAlerts.start();
  const alertDeliveries = new AlertDeliverySweep(db, notifier, {
    intervalMs: config.alertDeliverySeconds * 1000,
    onError: (error) => console.error('alert delivery sweep failed:', error),
  });
  const reportMailer = new ReportMailer({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom });
  const reports = new ReportScheduler(
    {
      db,
      clock,
      mailer: reportMailer,
      makeReport: options.reportMaker ?? weeklyReportMaker(db, clock, aggregateCache),
    },
    {
      // With the interval off (0) a schedule still runs on demand; retries wait as with the default.
      intervalMs: (config.reportScheduleSeconds || DEFAULT_REPORT_SCHEDULE_SECONDS) * 1000,
      ...(options.reportRetryAfterMs !== undefined ? { retryAfterMs: options.reportRetryAfterMs } : {}),
      onError: (error) => console.error('report schedule failed:', error),
    },
  );
  // Started by `sos start` only: a one-off command (an import, a user added) must not mail reports.
  return {
    config,
    db,
    clock,
    keyring,
    locators,
    live,
    aggregateCache,
    alerts,
    scheduledAlerts,
    alertDeliveries,
    reports,
    access: new AccessService(db, clock, keyring),
    intake: {
      db,
      clock,
      keyring,
      locatorFor: (id) => locators.get(id),
      announce: (jurisdictionId, overdoseIds, days) => live.announce({ jurisdictionId, overdoseIds, days }),
    },
    close: async () => {
      // The scheduler and the sweep first: the evaluator's stop closes the notifier they share.
      await scheduledAlerts.stop();
      await alertDeliveries.stop();
      await reports.stop();
      reportMailer.close();
      await alerts.stop();
      await live.disconnect();
      await db.close();
    },
  };
}
