import type { Alert } from '../alert-rule.js';
import { partnerAlertText } from '../alert-texts.js';
import type { CommunityAlertDraft } from './community-alert-service.js';
import type { SubscriptionAreas } from './subscription-areas.js';

/** The national Never Use Alone line (a fixed number, like 988: data, not a directory entry). */
export const NEVER_USE_ALONE_LINE = '800-484-3731';

/**
 * A first wording of a community alert from a spike alert: its area (when the rule watched an area of
 * the subscriptions' layer) and a text per audience, plain and practical, to be edited and approved.
 * Nothing but the place is taken from the alert: no count reaches the public texts.
 */
export function draftFromAlert(
  alert: Pick<Alert, 'id' | 'count' | 'threshold' | 'details'>,
  layer: SubscriptionAreas | null,
): CommunityAlertDraft {
  const { scope, placeName } = alert.details;
  const area =
    layer && scope.layerId === layer.layerId ? layer.areas.find((a) => a.id === scope.areaId) : undefined;
  const place = area?.name ?? placeName;
  return {
    title: `Overdoses up in ${place}`,
    area_ids: area ? [area.id] : [],
    alert_id: alert.id,
    drug_check_signal_id: null,
    texts: {
      public: {
        message: `More overdoses than usual in ${place}. If you or someone you know uses drugs: carry naloxone, do not use alone, and call 911 for an overdose (Good Samaritan laws protect the caller).`,
        sms: `Overdoses are up in ${place}. Carry naloxone, don't use alone, call 911 for an overdose.`,
      },
      people_who_use_drugs: {
        message: `Bad batch warning for ${place}: more overdoses than usual. Test your drugs with test strips, start low and go slow, don't use alone (Never Use Alone line ${NEVER_USE_ALONE_LINE}), and keep naloxone with you. Need support? Call or text 988.`,
        sms: `Bad batch in ${place}. Test first, go slow, don't use alone (${NEVER_USE_ALONE_LINE}), carry naloxone. 988 for support.`,
      },
      partners: { message: partnerAlertText(alert).body },
    },
  };
}
