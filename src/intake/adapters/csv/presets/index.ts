import { SosError } from '../../../../platform/errors.js';
import { ctOcmePreset } from './ct-ocme-preset.js';
import { edSyndromicPreset } from './ed-syndromic-preset.js';
import { genericPreset } from './generic-preset.js';
import type { ImportPreset } from './import-preset.js';
import { medicalExaminerPreset } from './medical-examiner-preset.js';
import { odmapPreset } from './odmap-preset.js';
import { tempeEmsPreset } from './tempe-ems-preset.js';

/** Every import preset, by name. */
export const importPresets: readonly ImportPreset[] = [
  genericPreset,
  tempeEmsPreset,
  ctOcmePreset,
  edSyndromicPreset,
  medicalExaminerPreset,
  odmapPreset,
];

/** The preset of that name, or UNKNOWN_PRESET listing the ones there are. */
export function importPresetNamed(name: string): ImportPreset {
  const preset = importPresets.find((p) => p.name === name);
  if (!preset) {
    throw new SosError(
      'UNKNOWN_PRESET',
      `No import preset "${name}"; choose one of ${importPresets.map((p) => p.name).join(', ')}`,
    );
  }
  return preset;
}

export type { ImportPreset } from './import-preset.js';
