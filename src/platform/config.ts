import path from 'node:path';
import { SosError } from './errors.js';
import { type AddressRange, parseRangeList } from './ip-ranges.js';

/** Runtime configuration read once from the environment. */
export interface Config {
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | null;
  /** A PostgreSQL streaming replica that dashboards, maps and reports read from (DATABASE_READ_URL); null reads from DATABASE_URL. */
  databaseReadUrl: string | null;
  /** Folder for the embedded database, the generated encryption key and other local state. */
  dataDir: string;
  port: number;
  host: string;
  adminEmail: string | null;
  adminPassword: string | null;
  /** Base64 32-byte key(s) for encrypting persons; the first one encrypts, all of them decrypt. */
  encryptionKeys: string[];
  encryptionKeyFile: string | null;
  /** Base64 32-byte key that seals backups (SOS_BACKUP_KEY); kept apart from the data keys and the backups. */
  backupKey: string | null;
  /** File holding the backup key (SOS_BACKUP_KEY_FILE, default DATA_DIR/backup.key, created 0600). */
  backupKeyFile: string | null;
  /** Whether the session cookie is marked Secure (behind HTTPS in production). */
  secureCookies: boolean;
  /** The origin users reach SOS at (SOS_PUBLIC_URL) when a proxy changes the Host; signed-in changes must come from it or the Host. */
  publicUrl: string | null;
  /** Address ranges webhooks may reach though not public (SOS_WEBHOOK_ALLOWED_RANGES, CIDR, comma-separated). */
  webhookAllowedRanges: AddressRange[];
  /** SMTP server for alert emails (smtp:// or smtps://, credentials in the URL); null sends none. */
  smtpUrl: string | null;
  /** The From address of alert emails. */
  mailFrom: string;
  /** The SMS provider community alerts post `{ to, from, body }` to (SOS_SMS_URL); null sends no text messages. */
  smsUrl: string | null;
  /** The bearer token of the SMS provider (SOS_SMS_TOKEN). */
  smsToken: string | null;
  /** The number community alert texts come from (SOS_SMS_FROM, E.164). */
  smsFrom: string | null;
  /** The secret the SMS provider signs inbound messages with (SOS_SMS_WEBHOOK_SECRET); null refuses them. */
  smsWebhookSecret: string | null;
  /** Minutes between runs of the statistical alert rules (SOS_ALERT_SCHEDULE_MINUTES, 60; 0 turns them off). */
  alertScheduleMinutes: number;
  /** Seconds between looks for due report schedules (SOS_REPORT_SCHEDULE_SECONDS, 60; 0 turns them off). */
  reportScheduleSeconds: number;
  /** Seconds between sweeps for alert deliveries to resume (SOS_ALERT_DELIVERY_SECONDS, 30; 0 turns them off). */
  alertDeliverySeconds: number;
  /** Minutes between runs of the outreach escalation and reminders (SOS_OUTREACH_ESCALATION_MINUTES, 5; 0 turns them off). */
  outreachEscalationMinutes: number;
  /** Minutes between runs of the unanswered-referral flags (SOS_REFERRAL_FLAG_MINUTES, 60; 0 turns them off). */
  referralFlagMinutes: number;
  /** Seconds a server holds an outbox event it took before another may take it (SOS_OUTBOX_HOLD_SECONDS, 300). */
  outboxHoldSeconds: number;
  /** Whether answers are validated against their response schemas before they leave (SOS_CHECK_RESPONSES=1; on in tests). */
  checkResponses: boolean;
  /** Most bytes one NEMSIS XML document sent to POST /api/v1/reports/nemsis may have (SOS_NEMSIS_MAX_BYTES, 256 MiB). */
  nemsisMaxBytes: number;
  /** An external geocoder's search URL (SOS_GEOCODER_URL, Nominatim or Pelias style); null places by the gazetteer alone. */
  geocoderUrl: string | null;
  /** Milliseconds the geocoder has to answer one address (SOS_GEOCODER_TIMEOUT_MS, 3000). */
  geocoderTimeoutMs: number;
  /** Days a geocoder's answer is cached before the address is asked again (SOS_GEOCODER_CACHE_DAYS, 90). */
  geocoderCacheDays: number;
  /** Hours an invitation link stays good (SOS_INVITATION_HOURS, 72). */
  invitationHours: number;
  /** The Ed25519 key that signs audit checkpoints, kept outside the database (SOS_AUDIT_SIGNING_KEY_FILE, DATA_DIR/audit-signing.key). */
  auditSigningKeyFile: string;
  /** Minutes between signed checkpoints of the audit chains (SOS_AUDIT_CHECKPOINT_MINUTES, 60; 0 turns them off). */
  auditCheckpointMinutes: number;
  /** Where checkpoints are appended as JSON lines (SOS_AUDIT_CHECKPOINT_FILE, DATA_DIR/audit-checkpoints.jsonl; "" for none). */
  auditCheckpointFile: string | null;
  /** Where checkpoints are POSTed too (SOS_AUDIT_CHECKPOINT_URL), under the webhook address rules; null none. */
  auditCheckpointUrl: string | null;
  /** Distinct persons one user may read in an hour before the privacy contact hears of it (SOS_UNUSUAL_READS_PER_HOUR, 50). */
  unusualReadsPerHour: number;
  /** Working hours in the jurisdiction's time zone (SOS_WORKING_HOURS, "07:00-19:00"); reads outside are reported. */
  workingHours: { from: number; to: number };
  /** Working days, 1 Monday to 7 Sunday (SOS_WORKING_DAYS, "1-5"). */
  workingDays: number[];
}

/** Reads "HH:MM-HH:MM" as minutes of the day. */
function readWorkingHours(value: string): { from: number; to: number } {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(value.trim());
  const minutes = match
    ? [Number(match[1]) * 60 + Number(match[2]), Number(match[3]) * 60 + Number(match[4])]
    : [];
  const [from, to] = minutes;
  if (
    from === undefined ||
    to === undefined ||
    from >= to ||
    to > 24 * 60 ||
    Number(match?.[2]) > 59 ||
    Number(match?.[4]) > 59
  ) {
    throw new SosError('CONFIG_INVALID', `SOS_WORKING_HOURS must read like 07:00-19:00, not "${value}"`);
  }
  return { from, to };
}

/** Reads "1-5" or "1,2,3" as ISO week days (1 Monday to 7 Sunday). */
function readWorkingDays(value: string): number[] {
  const days = new Set<number>();
  for (const part of value.split(',')) {
    const match = /^\s*([1-7])(?:-([1-7]))?\s*$/.exec(part);
    if (!match || Number(match[2] ?? match[1]) < Number(match[1])) {
      throw new SosError(
        'CONFIG_INVALID',
        `SOS_WORKING_DAYS must read like 1-5 (1 Monday, 7 Sunday), not "${value}"`,
      );
    }
    for (let d = Number(match[1]); d <= Number(match[2] ?? match[1]); d++) days.add(d);
  }
  return [...days].sort();
}

/**
 * A whole-number setting from the environment (its default when unset), at least `min`; CONFIG_INVALID
 * naming the variable, the unit and the value otherwise.
 */
function wholeNumberSetting(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  unit: string | null,
  min: 0 | 1,
): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min) {
    throw new SosError(
      'CONFIG_INVALID',
      `${name} must be a whole number${unit ? ` of ${unit}` : ''}${min === 1 ? ' from 1' : ''}, not "${env[name]}"`,
    );
  }
  return value;
}

/** Reads the configuration from an environment map (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SosError('CONFIG_INVALID', `PORT must be a whole number from 0 to 65535, not "${env.PORT}"`);
  }
  const keys = (env.SOS_ENCRYPTION_KEYS ?? env.SOS_ENCRYPTION_KEY ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const scheduleMinutes = wholeNumberSetting(env, 'SOS_ALERT_SCHEDULE_MINUTES', 60, 'minutes', 0);
  const reportSeconds = wholeNumberSetting(env, 'SOS_REPORT_SCHEDULE_SECONDS', 60, 'seconds', 0);
  const deliverySeconds = wholeNumberSetting(env, 'SOS_ALERT_DELIVERY_SECONDS', 30, 'seconds', 0);
  const escalationMinutes = wholeNumberSetting(env, 'SOS_OUTREACH_ESCALATION_MINUTES', 5, 'minutes', 0);
  const referralFlagMinutes = wholeNumberSetting(env, 'SOS_REFERRAL_FLAG_MINUTES', 60, 'minutes', 0);
  const outboxHoldSeconds = wholeNumberSetting(env, 'SOS_OUTBOX_HOLD_SECONDS', 300, 'seconds', 1);
  const nemsisMaxBytes = wholeNumberSetting(env, 'SOS_NEMSIS_MAX_BYTES', 256 * 1024 * 1024, 'bytes', 1);
  const publicUrl = env.SOS_PUBLIC_URL?.trim() || null;
  if (publicUrl !== null && !/^https?:\/\/[^/]+\/?$/.test(publicUrl)) {
    throw new SosError(
      'CONFIG_INVALID',
      `SOS_PUBLIC_URL must be an origin such as https://sos.example.org, not "${env.SOS_PUBLIC_URL}"`,
    );
  }
  const geocoderUrl = env.SOS_GEOCODER_URL?.trim() || null;
  if (geocoderUrl !== null && !/^https?:\/\/[^/]/.test(geocoderUrl)) {
    throw new SosError('CONFIG_INVALID', `SOS_GEOCODER_URL must be an http(s) URL, not "${geocoderUrl}"`);
  }
  const geocoderTimeoutMs = wholeNumberSetting(env, 'SOS_GEOCODER_TIMEOUT_MS', 3000, 'milliseconds', 1);
  const geocoderCacheDays = wholeNumberSetting(env, 'SOS_GEOCODER_CACHE_DAYS', 90, 'days', 0);
  const checkpointMinutes = wholeNumberSetting(env, 'SOS_AUDIT_CHECKPOINT_MINUTES', 60, 'minutes', 0);
  const checkpointUrl = env.SOS_AUDIT_CHECKPOINT_URL?.trim() || null;
  if (checkpointUrl !== null && !/^https?:\/\/[^/]/.test(checkpointUrl)) {
    throw new SosError(
      'CONFIG_INVALID',
      `SOS_AUDIT_CHECKPOINT_URL must be an http(s) URL, not "${checkpointUrl}"`,
    );
  }
  const unusualReadsPerHour = wholeNumberSetting(env, 'SOS_UNUSUAL_READS_PER_HOUR', 50, null, 1);
  const dataDir = path.resolve(env.SOS_DATA_DIR ?? './data');
  const checkpointFile = env.SOS_AUDIT_CHECKPOINT_FILE ?? path.join(dataDir, 'audit-checkpoints.jsonl');
  const invitationHours = wholeNumberSetting(env, 'SOS_INVITATION_HOURS', 72, 'hours', 1);
  return {
    databaseUrl: env.DATABASE_URL?.trim() || null,
    databaseReadUrl: env.DATABASE_READ_URL?.trim() || null,
    dataDir,
    port,
    host: env.HOST ?? '0.0.0.0',
    adminEmail: env.SOS_ADMIN_EMAIL?.trim() || null,
    adminPassword: env.SOS_ADMIN_PASSWORD || null,
    encryptionKeys: keys,
    encryptionKeyFile: env.SOS_ENCRYPTION_KEY_FILE?.trim() || null,
    backupKey: env.SOS_BACKUP_KEY?.trim() || null,
    backupKeyFile: env.SOS_BACKUP_KEY_FILE?.trim() || null,
    secureCookies: env.SOS_SECURE_COOKIES === 'true',
    publicUrl,
    webhookAllowedRanges: parseRangeList(env.SOS_WEBHOOK_ALLOWED_RANGES ?? '', 'SOS_WEBHOOK_ALLOWED_RANGES'),
    smtpUrl: env.SOS_SMTP_URL?.trim() || null,
    mailFrom: env.SOS_MAIL_FROM?.trim() || 'SOS alerts <alerts@localhost>',
    smsUrl: env.SOS_SMS_URL?.trim() || null,
    smsToken: env.SOS_SMS_TOKEN?.trim() || null,
    smsFrom: env.SOS_SMS_FROM?.trim() || null,
    smsWebhookSecret: env.SOS_SMS_WEBHOOK_SECRET || null,
    alertScheduleMinutes: scheduleMinutes,
    reportScheduleSeconds: reportSeconds,
    alertDeliverySeconds: deliverySeconds,
    outreachEscalationMinutes: escalationMinutes,
    referralFlagMinutes,
    outboxHoldSeconds,
    checkResponses: env.SOS_CHECK_RESPONSES === '1',
    nemsisMaxBytes,
    geocoderUrl,
    geocoderTimeoutMs,
    geocoderCacheDays,
    auditSigningKeyFile: path.resolve(
      env.SOS_AUDIT_SIGNING_KEY_FILE?.trim() || path.join(dataDir, 'audit-signing.key'),
    ),
    auditCheckpointMinutes: checkpointMinutes,
    auditCheckpointFile: checkpointFile.trim() ? path.resolve(checkpointFile.trim()) : null,
    auditCheckpointUrl: checkpointUrl,
    unusualReadsPerHour,
    workingHours: readWorkingHours(env.SOS_WORKING_HOURS ?? '07:00-19:00'),
    workingDays: readWorkingDays(env.SOS_WORKING_DAYS ?? '1-5'),
    invitationHours,
  };
}
