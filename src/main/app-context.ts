import { AccessService } from '../access/access-service.js';
import { loadAuditSigningKey } from '../access/audit/checkpoints/audit-signing-key.js';
import { CheckpointWriter } from '../access/audit/checkpoints/checkpoint-writer.js';
import { UNUSUAL_READS_JOB, UnusualReadWatch } from '../access/audit/findings/unusual-read-watch.js';
import { KeyRotationService } from '../access/keys/key-rotation-service.js';
import { deleteExpiredSecondFactorRows } from '../access/mfa/second-factor-repository.js';
import { totpSecretStore } from '../access/mfa/totp-secret-keys.js';
import { type Actor, cliActor } from '../access/roles.js';
import { identityProviderSecretStore } from '../access/sso/identity-provider-secret-keys.js';
import { AlertEvaluator } from '../alerts/alert-evaluator.js';
import { AlertNotifier } from '../alerts/alert-notifier.js';
import {
  COMMUNITY_MESSAGE_TOPIC,
  readCommunityMessageEvent,
} from '../alerts/community/community-message-queue.js';
import { emailChannel, smsChannel } from '../alerts/community/message-channels.js';
import { deliverCommunityMessage } from '../alerts/community/message-delivery.js';
import { subscriberAddressStore } from '../alerts/community/subscriber-keys.js';
import { AlertDeliverySweep } from '../alerts/delivery-sweep.js';
import { StatisticalRuleScheduler } from '../alerts/statistical-scheduler.js';
import { postWebhook } from '../alerts/webhook-request.js';
import { webhookSecretStore } from '../alerts/webhook-secret-keys.js';
import { httpGeocoder } from '../geocoding/geocoder-client.js';
import type { IntakeDependencies } from '../intake/intake-service.js';
import { OVERDOSES_CHANGED, readOverdosesChanged } from '../intake/overdose-events.js';
import { PERSONS_REPORTED, readPersonsReported } from '../intake/person-events.js';
import { RESPONSES_REPORTED, readResponsesReported } from '../intake/response-events.js';
import { SubmissionLanes } from '../intake/submission-lanes.js';
import { MAX_BATCH } from '../intake/submission-service.js';
import { connectorSecretStore } from '../interop/connector-secret-keys.js';
import { INTEROP_DELIVERY_TOPIC, sendDelivery } from '../interop/push-delivery.js';
import { enqueueOverdosePushes } from '../interop/push-enqueue.js';
import { estimateAllLinkageModels, LINKAGE_MODEL_JOB } from '../linkage/linkage-model-service.js';
import { GLASS_NOTICE_TOPIC, sendGlassNotice } from '../outreach/case-glass-notice.js';
import { openCasesFromReports } from '../outreach/case-opening.js';
import { HANDLE_WITH_CARE_TOPIC } from '../outreach/handle-with-care-mail.js';
import { deliverHandleWithCare } from '../outreach/handle-with-care-service.js';
import { OutreachMailer } from '../outreach/outreach-mailer.js';
import { OVERDUE_ESCALATION_JOB, OverdueEscalation } from '../outreach/overdue-escalation.js';
import { REFERRAL_FLAGS_JOB, ReferralFlags } from '../outreach/referral-flags.js';
import { RETENTION_PURGE_JOB, RetentionPurge } from '../outreach/retention-purge.js';
import { personSealedStore } from '../persons/person-keys.js';
import { type Clock, systemClock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import { type Database, openDatabase, type PgliteOpening } from '../platform/database.js';
import { JobRunner } from '../platform/jobs/job-runner.js';
import { type Keyring, keyFileOf, loadKeyring } from '../platform/keyring.js';
import { migrate } from '../platform/migrate.js';
import { Outbox } from '../platform/outbox/outbox.js';
import { pruneHandled } from '../platform/outbox/outbox-store.js';
import { openReadDatabase, replicationOf } from '../platform/read-database.js';
import { ReportMailer } from '../publications/schedules/report-mailer.js';
import type { ReportMaker } from '../publications/schedules/report-maker.js';
import {
  DEFAULT_REPORT_SCHEDULE_SECONDS,
  ReportScheduler,
} from '../publications/schedules/report-scheduler.js';
import { weeklyReportMaker } from '../publications/weekly/weekly-report-maker.js';
import { recordSceneExposures } from '../responders/scene-exposures.js';
import { AggregateCache } from '../surveillance/aggregates/aggregate-cache.js';
import { AreaLocatorCache } from '../surveillance/area-locator-cache.js';
import { LiveFeed } from '../surveillance/live/live-feed.js';
import { LIVE_RETENTION_MS, pruneLiveChanges } from '../surveillance/live/live-log.js';
import { makeComingPartitions, PARTITIONS_JOB } from './partition-archive.js';

/** The job that signs checkpoints of the audit chains. */
const AUDIT_CHECKPOINT_JOB = 'audit.checkpoints';
/** The job that resumes the re-sealing of an unfinished key rotation. */
const KEY_RESEAL_JOB = 'keys.reseal';
/** How often a server looks for outbox events no wake-up announced (a dead server's, retries now due). */
const OUTBOX_SWEEP_MS = 10_000;
/** How long handled outbox events stay (to look into) before they are deleted: a week. */
const HANDLED_KEPT_MS = 7 * 24 * 3_600_000;

/** Everything a running SOS shares: configuration, database, clock, keys and the services on them. */
export interface AppContext {
  config: Config;
  db: Database;
  /**
   * Reads that tolerate lag (aggregates, dashboards, maps, reports' figures, public figures): the
   * replica of DATABASE_READ_URL, else the same object as `db`. Its transactions go to the primary.
   */
  readDb: Database;
  clock: Clock;
  keyring: Keyring;
  access: AccessService;
  locators: AreaLocatorCache;
  /** Committed changes to overdoses, for live dashboards. */
  live: LiveFeed;
  /** Recent aggregate answers, dropped when the live feed hears of a change. */
  aggregateCache: AggregateCache;
  intake: IntakeDependencies;
  /** Plain-text mail through SOS_SMTP_URL (invitations; the outreach notices share it). */
  mailer: OutreachMailer;
  /**
   * Evaluates the threshold rules (on every committed change, through the outbox) and delivers the
   * alerts raised; `idle` also waits for the outbox's handling of the changes committed so far.
   */
  alerts: Pick<AlertEvaluator, 'evaluate' | 'schedule' | 'idle'>;
  /** The statistical alert rules over the rollups (a job every config.alertScheduleMinutes). */
  scheduledAlerts: StatisticalRuleScheduler;
  /** Resumes alert deliveries past their long backoff or left by a stopped server (a job every config.alertDeliverySeconds). */
  alertDeliveries: AlertDeliverySweep;
  /** The weekly report schedules (a job every config.reportScheduleSeconds), and one run on demand. */
  reports: ReportScheduler;
  /**
   * Events that must not be lost (overdoses changed: evaluate the alerts; persons reported: open
   * outreach cases), handled at least once.
   */
  outbox: Outbox;
  /** Escalates overdue outreach cases and reminds workers (a job every config.outreachEscalationMinutes). */
  overdueEscalation: OverdueEscalation;
  /** Flags referrals no receiver answered in time and emails the coordinators (a job every config.referralFlagMinutes). */
  referralFlags: ReferralFlags;
  /** Purges the identifiers of closed outreach cases past their program's retention (a daily job). */
  retentionPurge: RetentionPurge;
  /** Signed checkpoints of the audit chains, to a file and/or an endpoint (a job every config.auditCheckpointMinutes). */
  auditCheckpoints: CheckpointWriter;
  /** Finds unusual reads in the audit trail and tells the privacy contacts (a job every 10 minutes). */
  unusualReads: UnusualReadWatch;
  /** Encryption key rotation and the background re-sealing of every sealed row (resumed by a job). */
  keys: KeyRotationService;
  /** The timed jobs above, started by `sos start` only: a one-off command must not mail reports. */
  jobs: JobRunner;
  /** Stops the jobs, the outbox and the alert evaluation, once the work under way has ended. */
  stop(): Promise<void>;
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
    /** The first wait before a failed job's retry (a minute by default; the retries double it). */
    jobRetryFirstDelayMs?: number;
  } = {},
): Promise<AppContext> {
  const db = options.db ?? (await openDatabase(config, options.opening));
  let keyring: Keyring;
  let readDb: Database;
  try {
    await migrate(db);
    keyring = loadKeyring(config);
    readDb = await openReadDatabase(db, config.databaseReadUrl);
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
  const alerts = new AlertEvaluator(db, clock, notifier, (error) =>
    console.error('alert evaluation failed:', error),
  );
  const outbox = new Outbox(db, {
    holdMs: config.outboxHoldSeconds * 1000,
    onError: (error) => console.error('outbox event failed:', error),
  });
  // Evaluating again is harmless, so an event handled twice (its server died after) does no harm;
  // push connectors make a delivery per overdose and body once, so a replay makes none.
  outbox.handle(OVERDOSES_CHANGED, async (payload) => {
    const change = readOverdosesChanged(payload);
    const [, pushes] = await Promise.all([
      alerts.evaluateSoon(change.jurisdictionId),
      enqueueOverdosePushes({ db, clock }, change),
    ]);
    if (pushes > 0) outbox.wake();
  });
  outbox.handle(INTEROP_DELIVERY_TOPIC, (payload) =>
    sendDelivery({ db, clock, keyring, addresses: { allowedRanges: config.webhookAllowedRanges } }, payload),
  );
  // Survivors' cases open from intake's event; an overdose joins one case per program, so a replay is a no-op.
  outbox.handle(PERSONS_REPORTED, async (payload) => {
    await openCasesFromReports({ db, clock, keyring }, readPersonsReported(payload));
  });
  const outreachMailer = new OutreachMailer({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom });
  outbox.handle(GLASS_NOTICE_TOPIC, (payload) => sendGlassNotice(outreachMailer, payload));
  outbox.handle(HANDLE_WITH_CARE_TOPIC, (payload) =>
    deliverHandleWithCare({ db, keyring, clock, mailer: outreachMailer }, payload),
  );
  // Hard scenes prompt the responding units' supervisors; a unit gets one exposure per scene, so a replay is a no-op.
  const siteUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  outbox.handle(RESPONSES_REPORTED, (payload) =>
    recordSceneExposures({ db, clock, mailer: outreachMailer, siteUrl }, readResponsesReported(payload)),
  );
  // Community alert messages (confirmations, stops, alerts): each sent once, its id the provider's idempotency key.
  const communityChannels = {
    sms: smsChannel({
      url: config.smsUrl,
      token: config.smsToken,
      from: config.smsFrom,
      allowedRanges: config.webhookAllowedRanges,
    }),
    email: emailChannel(outreachMailer),
  };
  outbox.handle(COMMUNITY_MESSAGE_TOPIC, (payload) =>
    deliverCommunityMessage(
      { db, clock, keyring, channels: communityChannels, siteUrl },
      readCommunityMessageEvent(payload),
    ),
  );
  await outbox.connect();
  const scheduledAlerts = new StatisticalRuleScheduler(db, notifier, {
    onError: (error) => console.error('scheduled alert rules failed:', error),
  });
  const alertDeliveries = new AlertDeliverySweep(db, notifier);
  const reportMailer = new ReportMailer({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom });
  const reports = new ReportScheduler(
    {
      db,
      clock,
      mailer: reportMailer,
      makeReport: options.reportMaker ?? weeklyReportMaker(readDb, clock, aggregateCache),
    },
    {
      // With the interval off (0) a schedule still runs on demand; retries wait as with the default.
      intervalMs: (config.reportScheduleSeconds || DEFAULT_REPORT_SCHEDULE_SECONDS) * 1000,
      ...(options.reportRetryAfterMs !== undefined ? { retryAfterMs: options.reportRetryAfterMs } : {}),
      onError: (error) => console.error('report schedule failed:', error),
    },
  );
  const jobRetryFirstDelayMs = options.jobRetryFirstDelayMs ?? 60_000;
  const jobs = new JobRunner(db, clock, {
    onError: (name, error) => console.error(`job ${name} failed:`, error),
  });
  if (config.alertScheduleMinutes > 0) {
    jobs.register({
      name: 'alerts.statistical-rules',
      schedule: { everyMs: config.alertScheduleMinutes * 60_000 },
      run: (now) => scheduledAlerts.runOnce(now),
      retry: { attempts: 3, firstDelayMs: jobRetryFirstDelayMs },
    });
  }
  if (config.alertDeliverySeconds > 0) {
    jobs.register({
      name: 'alerts.delivery-sweep',
      schedule: { everyMs: config.alertDeliverySeconds * 1000 },
      run: (now) => alertDeliveries.runOnce(now),
    });
  }
  if (config.reportScheduleSeconds > 0) {
    jobs.register({
      name: 'publications.report-schedules',
      schedule: { everyMs: config.reportScheduleSeconds * 1000 },
      run: (now) => reports.runDue(now),
    });
  }
  const overdueEscalation = new OverdueEscalation({ db, mailer: outreachMailer, siteUrl }, (error) =>
    console.error('outreach escalation email failed:', error),
  );
  if (config.outreachEscalationMinutes > 0) {
    jobs.register({
      name: OVERDUE_ESCALATION_JOB,
      schedule: { everyMs: config.outreachEscalationMinutes * 60_000 },
      run: (now) => overdueEscalation.runOnce(now),
      retry: { attempts: 3, firstDelayMs: jobRetryFirstDelayMs },
    });
  }
  const referralFlags = new ReferralFlags(
    { db, mailer: outreachMailer, siteUrl: config.publicUrl ?? `http://localhost:${config.port}` },
    (error) => console.error('referral flag email failed:', error),
  );
  if (config.referralFlagMinutes > 0) {
    jobs.register({
      name: REFERRAL_FLAGS_JOB,
      schedule: { everyMs: config.referralFlagMinutes * 60_000 },
      run: (now) => referralFlags.runOnce(now),
      retry: { attempts: 3, firstDelayMs: jobRetryFirstDelayMs },
    });
  }
  const retentionPurge = new RetentionPurge(db);
  jobs.register({
    name: RETENTION_PURGE_JOB,
    schedule: { everyMs: 24 * 3_600_000 },
    run: (now) => retentionPurge.runOnce(now),
    retry: { attempts: 3, firstDelayMs: jobRetryFirstDelayMs },
  });
  // This year's and next year's partitions, made before rows need them (the default partition
  // catches any others); a no-op on most days.
  jobs.register({
    name: PARTITIONS_JOB,
    schedule: { everyMs: 24 * 3_600_000 },
    run: (now) => makeComingPartitions(db, now),
    retry: { attempts: 3, firstDelayMs: jobRetryFirstDelayMs },
  });
  // Each jurisdiction's linkage model follows its sources: estimated again every night.
  jobs.register({
    name: LINKAGE_MODEL_JOB,
    schedule: { cron: '30 3 * * *' },
    run: () => estimateAllLinkageModels({ db, clock }),
    retry: { attempts: 3, firstDelayMs: jobRetryFirstDelayMs },
  });
  const auditCheckpoints = new CheckpointWriter({
    db,
    actor: cliActor,
    // Read (and created) on first use, so commands that sign nothing never make a key.
    privateKey: () => loadAuditSigningKey(config.auditSigningKeyFile).privateKey,
    file: config.auditCheckpointFile,
    url: config.auditCheckpointUrl,
    post: (url, body) =>
      postWebhook(
        url,
        { headers: { 'content-type': 'application/json' }, body, timeoutMs: 10_000 },
        { allowedRanges: config.webhookAllowedRanges },
      ),
  });
  if (config.auditCheckpointMinutes > 0) {
    jobs.register({
      name: AUDIT_CHECKPOINT_JOB,
      schedule: { everyMs: config.auditCheckpointMinutes * 60_000 },
      run: (now) => auditCheckpoints.runOnce(now),
      retry: { attempts: 3, firstDelayMs: jobRetryFirstDelayMs },
    });
  }
  const unusualReads = new UnusualReadWatch({
    db,
    mailer: outreachMailer,
    siteUrl,
    perHour: config.unusualReadsPerHour,
    workingHours: config.workingHours,
    workingDays: config.workingDays,
    onError: (error) => console.error('unusual-read email failed:', error),
  });
  jobs.register({
    name: UNUSUAL_READS_JOB,
    schedule: { everyMs: 10 * 60_000 },
    run: (now) => unusualReads.runOnce(now),
    retry: { attempts: 3, firstDelayMs: jobRetryFirstDelayMs },
  });
  jobs.register({
    name: 'second_factors.prune',
    schedule: { everyMs: 60 * 60_000 },
    run: async (now) => {
      await deleteExpiredSecondFactorRows(db, now);
    },
  });
  // Live streams resume from their log within its retention window; older changes go.
  jobs.register({
    name: 'live_events.prune',
    schedule: { everyMs: 10 * 60_000 },
    run: (now) => pruneLiveChanges(db, new Date(now.getTime() - LIVE_RETENTION_MS)),
  });
  jobs.register({
    name: 'outbox.sweep',
    schedule: { everyMs: OUTBOX_SWEEP_MS },
    run: async () => {
      await outbox.drain();
      await pruneHandled(db, HANDLED_KEPT_MS);
    },
  });
  // Every kind of row sealed with the keyring: a rotation re-seals them all, a key retires only when none uses it.
  const resealer: Actor = { kind: 'system', label: 'key rotation' };
  const keys = new KeyRotationService({
    db,
    clock,
    keyring,
    keyFile: keyFileOf(config),
    stores: [
      personSealedStore(resealer),
      webhookSecretStore(resealer),
      identityProviderSecretStore(resealer),
      totpSecretStore(resealer),
      connectorSecretStore(resealer),
      subscriberAddressStore(resealer),
    ],
  });
  // A rotation re-seals in the background of the server that started it; this resumes one a stopped server left.
  jobs.register({
    name: KEY_RESEAL_JOB,
    schedule: { everyMs: 60_000 },
    run: () => keys.resealNow(),
    retry: { attempts: 3, firstDelayMs: jobRetryFirstDelayMs },
  });
  const stop = async () => {
    // The jobs and the outbox first: the evaluator's stop closes the notifier they share.
    await jobs.stop();
    await keys.idle();
    await outbox.stop();
    await alerts.stop();
  };
  // Started by `sos start` only: a one-off command (an import, a user added) must not mail reports.
  return {
    config,
    db,
    readDb,
    clock,
    keyring,
    locators,
    live,
    aggregateCache,
    alerts: {
      evaluate: (jurisdictionId) => alerts.evaluate(jurisdictionId),
      schedule: (jurisdictionId) => alerts.schedule(jurisdictionId),
      idle: async () => {
        await outbox.idle();
        await alerts.idle();
      },
    },
    scheduledAlerts,
    alertDeliveries,
    reports,
    outbox,
    overdueEscalation,
    referralFlags,
    retentionPurge,
    auditCheckpoints,
    unusualReads,
    keys,
    jobs,
    stop,
    mailer: outreachMailer,
    access: new AccessService(db, clock, keyring),
    intake: {
      db,
      clock,
      keyring,
      locatorFor: (id) => locators.get(id),
      // Dashboards re-read their figures when told of a change: with a replica, they are told once it shows it.
      announce: (jurisdictionId, overdoseIds, days) => {
        const tell = () => live.announce({ jurisdictionId, overdoseIds, days });
        const replication = replicationOf(readDb);
        if (replication) replication.afterReplay(tell);
        else tell();
      },
      outboxWritten: () => outbox.wake(),
      lanes: new SubmissionLanes(MAX_BATCH),
      ...(config.geocoderUrl
        ? {
            geocoding: {
              db,
              clock,
              keyring,
              geocoder: httpGeocoder({ url: config.geocoderUrl, timeoutMs: config.geocoderTimeoutMs }),
              cacheDays: config.geocoderCacheDays,
              // Counted and told without the addresses (T3): intake placed them by the gazetteer.
              onFallback: ({ addresses, reason }) =>
                console.warn(`geocoding: ${addresses} address(es) placed by the gazetteer, ${reason}`),
            },
          }
        : {}),
    },
    close: async () => {
      await stop();
      reportMailer.close();
      outreachMailer.close();
      await live.disconnect();
      if (readDb !== db) await readDb.close();
      await db.close();
    },
  };
}
