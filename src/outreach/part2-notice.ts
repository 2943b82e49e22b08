/**
 * What goes with every disclosure of 42 CFR Part 2 records: the security labels that mark them and the
 * notice the regulation requires.
 */

/**
 * The FHIR security labels of Part 2 records (HL7 v3 ActCode, system
 * http://terminology.hl7.org/CodeSystem/v3-ActCode): 42CFRPart2 (the policy) and ETH (substance abuse
 * information sensitivity).
 */
export const part2SecurityLabels = ['42CFRPart2', 'ETH'] as const;

/**
 * The statement that accompanies a disclosure made with the patient's written consent: 42 CFR § 2.32(a)(1)
 * ("Statement 1"), as amended by the 2024 final rule (89 FR 12472, Feb. 16, 2024; compliance from
 * Feb. 16, 2026), word for word. § 2.32(b) asks for a copy of the consent beside it, which the export
 * package carries.
 */
export const part2RedisclosureNotice = [
  'This record which has been disclosed to you is protected by Federal confidentiality rules (42 CFR part 2). ' +
    'These rules prohibit you from using or disclosing this record, or testimony that describes the ' +
    'information contained in this record, in any civil, criminal, administrative, or legislative ' +
    'proceedings by any Federal, State, or local authority, against the patient, unless authorized by the ' +
    'consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in ' +
    'accordance with 42 CFR 2.64 or 2.65. In addition, the Federal rules prohibit you from making any other ' +
    'use or disclosure of this record unless at least one of the following applies:',
  '(i) Further use or disclosure is expressly permitted by the written consent of the individual whose ' +
    'information is being disclosed in this record or as otherwise permitted by 42 CFR part 2.',
  '(ii) You are a covered entity or business associate and have received the record for treatment, ' +
    'payment, or health care operations, or',
  '(iii) You have received the record from a covered entity or business associate as permitted by 45 CFR ' +
    'part 164, subparts A and E.',
  'A general authorization for the release of medical or other information is NOT sufficient to meet the ' +
    'required elements of written consent to further use or redisclose the record (see 42 CFR 2.31).',
].join('\n');
