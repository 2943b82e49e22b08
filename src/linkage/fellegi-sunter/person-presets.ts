import { febrlPreset } from './febrl-preset.js';
import { genericPreset } from './generic-preset.js';
import type { PersonPreset } from './person-preset.js';

/** The presets of `sos linkage match`, by name. */
export const PERSON_PRESETS: Readonly<Record<string, PersonPreset>> = {
  febrl: febrlPreset,
  generic: genericPreset,
};
