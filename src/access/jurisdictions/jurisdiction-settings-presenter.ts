import { z } from 'zod';
import { defaultLifetimes, lifetimeGroups } from '../sessions/session-lifetime.js';
import type { JurisdictionSettings } from './jurisdiction-settings.js';

const lifetimeSchema = z.object({
  idle_minutes: z.number().int().nullable().describe('Set for the jurisdiction; null: the default'),
  absolute_minutes: z.number().int().nullable().describe('Set for the jurisdiction; null: the default'),
  default_idle_minutes: z.number().int(),
  default_absolute_minutes: z.number().int(),
});

/** The jurisdiction's settings as the settings page reads them. */
export const presentedSettingsSchema = z.object({
  id: z.string(),
  short_name: z.string(),
  name: z.string(),
  time_zone: z.string(),
  public_k: z.number().int(),
  partner_k: z.number().int(),
  public_min_population: z.number().int(),
  mfa_required: z.boolean(),
  privacy_contact_email: z.string().nullable(),
  session_lifetimes: z
    .object({ t3: lifetimeSchema, t2: lifetimeSchema, other: lifetimeSchema })
    .describe('t3: roles that read identifiable data; t2: analysts and administrators; other: the rest'),
});

/** The settings as they leave the server. */
export type PresentedSettings = z.infer<typeof presentedSettingsSchema>;

/** The fields of the settings that leave, with each lifetime's default beside it. */
export function presentSettings(s: JurisdictionSettings): PresentedSettings {
  const lifetimes = Object.fromEntries(
    lifetimeGroups.map((group) => [
      group,
      {
        idle_minutes: s.sessionLifetimes[group].idleMinutes,
        absolute_minutes: s.sessionLifetimes[group].absoluteMinutes,
        default_idle_minutes: defaultLifetimes[group].idleMinutes,
        default_absolute_minutes: defaultLifetimes[group].absoluteMinutes,
      },
    ]),
  ) as PresentedSettings['session_lifetimes'];
  return {
    id: s.id,
    short_name: s.shortName,
    name: s.name,
    time_zone: s.timeZone,
    public_k: s.publicK,
    partner_k: s.partnerK,
    public_min_population: s.publicMinPopulation,
    mfa_required: s.mfaRequired,
    privacy_contact_email: s.privacyContactEmail,
    session_lifetimes: lifetimes,
  };
}
