/**
 * Overdose Good Samaritan laws by state, as data: what each state's law protects, in plain words we
 * wrote from the statutes' substance (no statute's or site's prose is copied), with the statutes
 * cited and the day the entry was last reviewed. A training brief prints the entries of the states
 * its jurisdiction lies in. These are summaries for training, not legal advice: an entry older than a
 * year should be reviewed against the statute before it is taught.
 */

/** The version of this data: raise it with every change to an entry, and say what changed below. */
export const GOOD_SAMARITAN_LAWS_VERSION = 1;

/** Changes to the entries, newest first. */
export const goodSamaritanChangelog: readonly { version: number; change: string }[] = [
  { version: 1, change: 'First entries: CT, MA, MI, NJ, NY, RI.' },
];

/** One state's overdose Good Samaritan law, summarized. */
export interface GoodSamaritanLaw {
  /** USPS state code. */
  state: string;
  stateName: string;
  /** The statutes the summary is drawn from. */
  citations: readonly string[];
  /** Who is protected and from what, one point a line, in plain words. */
  protects: readonly string[];
  /** What the law does not do, one point a line. */
  limits: readonly string[];
  /** The day the summary was last checked against the statutes (YYYY-MM-DD). */
  lastReviewed: string;
}

/** The entries, one per state. */
export const goodSamaritanLaws: readonly GoodSamaritanLaw[] = [
  {
    state: 'CT',
    stateName: 'Connecticut',
    citations: [
      'Conn. Gen. Stat. § 21a-279(d) (possession)',
      'Conn. Gen. Stat. § 21a-267(d) (drug paraphernalia)',
      'Conn. Gen. Stat. § 17a-714a (giving an opioid antagonist)',
    ],
    protects: [
      'A person who calls 911 or otherwise gets medical help in good faith for someone who seems to be overdosing, and the person overdosing, cannot be arrested or prosecuted for having drugs or drug paraphernalia when the evidence was found because help was sought.',
      'Anyone who gives naloxone with reasonable care, in good faith, to someone they believe is having an opioid overdose is shielded from civil liability and criminal prosecution for giving it.',
    ],
    limits: [
      'It does not cover other crimes, such as selling drugs.',
      'It does not stop police from serving a search or arrest warrant that was already in process.',
    ],
    lastReviewed: '2026-12-07',
  },
  {
    state: 'MA',
    stateName: 'Massachusetts',
    citations: ['Mass. Gen. Laws ch. 94C, § 34A'],
    protects: [
      'A person who seeks medical help for someone having a drug overdose, or for their own overdose, is not charged or prosecuted for drug possession when the evidence came from seeking that help.',
      'A person who gives naloxone in good faith to someone who seems to be overdosing is not civilly liable and is not prosecuted for giving it.',
    ],
    limits: [
      'It does not cover drug trafficking or distribution.',
      'It does not bar a search or arrest for a crime other than possession.',
    ],
    lastReviewed: '2026-12-07',
  },
  {
    state: 'MI',
    stateName: 'Michigan',
    citations: ['Mich. Comp. Laws § 333.7403(3)', 'Mich. Comp. Laws § 333.7404(3)'],
    protects: [
      'A person who seeks medical help for someone overdosing, and the person who overdosed and seeks help or receives it, are not prosecuted for possessing or using a small amount of a controlled substance when the evidence came from that request for help.',
    ],
    limits: [
      'It does not cover selling or making drugs.',
      'It covers possession and use only; other crimes found at the scene are not covered.',
    ],
    lastReviewed: '2026-12-07',
  },
  {
    state: 'NJ',
    stateName: 'New Jersey',
    citations: ['N.J. Stat. § 2C:35-30', 'N.J. Stat. § 2C:35-31 (Overdose Prevention Act)'],
    protects: [
      'A person who in good faith asks for medical help for someone having a drug overdose, and the person who overdosed, are not arrested, charged, prosecuted or convicted for using or possessing drugs or paraphernalia when the evidence came from seeking help.',
      'A person who gives naloxone in good faith is protected from civil and criminal liability for giving it.',
    ],
    limits: ['It does not cover selling or distributing drugs, or other crimes.'],
    lastReviewed: '2026-12-07',
  },
  {
    state: 'NY',
    stateName: 'New York',
    citations: ['N.Y. Penal Law § 220.78', 'N.Y. Public Health Law § 3309'],
    protects: [
      'A person who in good faith seeks health care for someone who seems to be having a drug or alcohol overdose, and the person overdosing, are not charged or prosecuted for drug possession (up to a large amount), drug paraphernalia, or underage drinking, when the evidence came from seeking help.',
      'A person who gives naloxone in good faith is treated as a first-aid provider and protected for giving it.',
    ],
    limits: [
      'It does not cover selling drugs or the most serious possession charges.',
      'Police may still arrest for open warrants or other crimes.',
    ],
    lastReviewed: '2026-12-07',
  },
  {
    state: 'RI',
    stateName: 'Rhode Island',
    citations: ['R.I. Gen. Laws § 21-28.9-4 (Good Samaritan Overdose Prevention Act)'],
    protects: [
      'A person who in good faith seeks medical help for someone overdosing, and the person overdosing, are not charged or prosecuted for drug possession or paraphernalia when the evidence came from seeking help.',
      'A person who gives naloxone in good faith is protected from civil and criminal liability for giving it.',
    ],
    limits: ['It does not cover selling drugs or other crimes, or stop an arrest on a warrant.'],
    lastReviewed: '2026-12-07',
  },
];

/** The entries for the given states (USPS codes, any case), in state order; unknown states are left out. */
export function goodSamaritanLawsFor(states: Iterable<string>): GoodSamaritanLaw[] {
  const wanted = new Set([...states].map((s) => s.toUpperCase()));
  return goodSamaritanLaws.filter((law) => wanted.has(law.state));
}

/** The states a jurisdiction lies in that have no entry here, so the brief can say so. */
export function statesWithoutEntry(states: Iterable<string>): string[] {
  const known = new Set(goodSamaritanLaws.map((law) => law.state));
  return [...new Set([...states].map((s) => s.toUpperCase()))].filter((s) => !known.has(s)).sort();
}
