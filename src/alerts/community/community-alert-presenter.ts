import { z } from 'zod';
import type { CommunityAlertRow } from './community-alert-repository.js';
import { smsStopFooter } from './community-texts.js';
import { communityAlertStatuses, communityLanguages } from './community-vocabulary.js';
import { SMS_PARTS_WARNED_OVER, smsLength } from './sms-parts.js';

const smsTextSchema = z.object({
  text: z.string(),
  parts: z.number().int().describe('SMS parts as sent, with the stop footer (the longer of its languages)'),
  encoding: z.enum(['gsm7', 'ucs2']),
});
const deliverySchema = z.object({
  queued: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
});

/** A community alert as its drafters and approvers read it. */
export const presentedCommunityAlertSchema = z.object({
  id: z.uuid(),
  status: z.enum(communityAlertStatuses),
  version: z.number().int(),
  title: z.string(),
  layer_id: z.string(),
  areas: z.array(z.object({ id: z.string(), name: z.string() })),
  alert_id: z.uuid().nullable(),
  drug_check_signal_id: z.string().nullable(),
  texts: z.object({
    public: z.object({ message: z.string(), sms: smsTextSchema }),
    people_who_use_drugs: z.object({ message: z.string(), sms: smsTextSchema }),
    partners: z.object({ message: z.string() }),
  }),
  warnings: z.array(z.string()),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
  approved_at: z.iso.datetime({ offset: true }).nullable(),
  approved_version: z.number().int().nullable(),
  sent_at: z.iso.datetime({ offset: true }).nullable(),
  deliveries: z.object({ sms: deliverySchema, email: deliverySchema }),
});

/** A presented community alert. */
export type PresentedCommunityAlert = z.infer<typeof presentedCommunityAlertSchema>;

/** An alert SMS's length as sent: the text and the longest stop footer. */
function smsText(text: string) {
  const lengths = communityLanguages.map((language) => smsLength(`${text}${smsStopFooter(language)}`));
  const longest = lengths.reduce((a, b) =>
    b.parts > a.parts || (b.parts === a.parts && b.units > a.units) ? b : a,
  );
  return { text, parts: longest.parts, encoding: longest.encoding };
}

/** Deliveries by channel and status, zero where none. */
export type DeliveryCounts = PresentedCommunityAlert['deliveries'];

/** Presents a community alert with its SMS lengths, warnings and delivery counts (no subscriber is named). */
export function presentCommunityAlert(
  row: CommunityAlertRow,
  areaNames: ReadonlyMap<string, string>,
  deliveries: DeliveryCounts,
): PresentedCommunityAlert {
  const publicSms = smsText(row.publicSms);
  const pwudSms = smsText(row.peopleWhoUseDrugsSms);
  const warnings: string[] = [];
  for (const [label, sms] of [
    ['public', publicSms],
    ['people who use drugs', pwudSms],
  ] as const) {
    if (sms.parts > SMS_PARTS_WARNED_OVER)
      warnings.push(
        `The ${label} text message takes ${sms.parts} parts: keep it to ${SMS_PARTS_WARNED_OVER} or fewer`,
      );
  }
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    title: row.title,
    layer_id: row.layerId,
    areas: row.areaIds.map((id) => ({ id, name: areaNames.get(id) ?? id })),
    alert_id: row.alertId,
    drug_check_signal_id: row.drugCheckSignalId,
    texts: {
      public: { message: row.publicMessage, sms: publicSms },
      people_who_use_drugs: { message: row.peopleWhoUseDrugsMessage, sms: pwudSms },
      partners: { message: row.partnersMessage },
    },
    warnings,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    approved_at: row.approvedAt?.toISOString() ?? null,
    approved_version: row.approvedVersion,
    sent_at: row.sentAt?.toISOString() ?? null,
    deliveries,
  };
}
