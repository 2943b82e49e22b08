/** How a subscriber is reached. */
export const communityChannels = ['sms', 'email'] as const;
/** A channel subscribers are reached by. */
export type CommunityChannel = (typeof communityChannels)[number];

/** Which of an alert's texts a subscriber receives (partners' text is for partners, not subscribers). */
export const subscriberAudiences = ['public', 'people_who_use_drugs'] as const;
/** A subscriber's audience. */
export type SubscriberAudience = (typeof subscriberAudiences)[number];

/** The languages SOS writes its own messages in (confirmations, stop and help answers, the page). */
export const communityLanguages = ['en', 'es'] as const;
/** A subscriber's language. */
export type CommunityLanguage = (typeof communityLanguages)[number];

/** Where a subscriber stands: asked only for help, waiting for confirmation, receiving, or stopped. */
export const subscriberStatuses = ['inquired', 'pending', 'confirmed', 'stopped'] as const;
/** A subscriber's status. */
export type SubscriberStatus = (typeof subscriberStatuses)[number];

/** The steps of a community alert. */
export const communityAlertStatuses = ['draft', 'approved', 'sent'] as const;
/** A community alert's status. */
export type CommunityAlertStatus = (typeof communityAlertStatuses)[number];

/** What a message to a subscriber is. */
export const communityMessageKinds = [
  'confirm_request',
  'confirmed',
  'stopped',
  'help',
  'unknown_area',
  'alert',
] as const;
/** A message's kind. */
export type CommunityMessageKind = (typeof communityMessageKinds)[number];

/** A message's delivery state. */
export const communityMessageStatuses = ['queued', 'sent', 'failed'] as const;
/** A message's status. */
export type CommunityMessageStatus = (typeof communityMessageStatuses)[number];

/** How long a confirmation (reply YES, or the email link) is accepted after it was asked: 48 hours. */
export const CONFIRM_HOURS = 48;
