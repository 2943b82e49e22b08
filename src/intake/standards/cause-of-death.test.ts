import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseCsv } from '../../../test/support/reference-csv.js';
import { sharedData } from '../../../test/support/test-databases.js';
import type { Substance } from '../vocabulary/substances.js';
import { readCauseOfDeath } from './cause-of-death.js';

/**
 * Cause-of-death statements labelled by hand (the substances a reader takes as involved, then those
 * named only to be denied): the phrasings of the Connecticut file, its misspellings and glued words,
 * and negations written for the purpose.
 */
const labelled: [string, Substance[], Substance[]?][] = [
  [
    'Acute intoxication due to the combined effects of fentanyl, heroin and cocaine',
    ['fentanyl', 'heroin', 'cocaine'],
  ],
  ['Acute Fentanyl, Xylazine and Ethanol Toxicity', ['fentanyl', 'xylazine', 'alcohol']],
  [
    'Acute Intoxication due to the Combined Effects of Fentanyl, 4-ANPP and Methadone',
    ['fentanyl', 'methadone'],
  ],
  ['Fentanyl and ANPP toxicity', ['fentanyl']],
  ['Despropionyl Fentanyl (4-ANPP) and Cocaine Intoxication', ['fentanyl', 'cocaine']],
  [
    'Acute intoxication due to the combined effects of fentanyl, acetyl fentanyl, and xylazine',
    ['fentanyl', 'fentanyl_analog', 'xylazine'],
  ],
  ['Acetyl Fentanyl Toxicity', ['fentanyl_analog']],
  ['acetyl-fentanyl and heroin intoxication', ['fentanyl_analog', 'heroin']],
  [
    'Acute Intoxication due to the Combined Effects of Fentanyl, Despropionyl Fentanyl (4-ANPP), and Mitragynine',
    ['fentanyl', 'other'],
  ],
  [
    'Combined Acute Toxic Effects of Fentanyl, Cocaine, Mitragynine, and Bupropion',
    ['fentanyl', 'cocaine', 'other'],
  ],
  ['Kratom (mitragynine) toxicity', ['other']],
  [
    'Acute Intoxication From the Combined Effects of Fentanyl, para-Fluororbutyryl Fentanyl, and Heroin',
    ['fentanyl', 'fentanyl_analog', 'heroin'],
  ],
  [
    'ACUTE FURANYL FENTANYL AND PARA-FLUOROBUTYRYL FENTANYL/FIBF TOXICITIES, DIAZEPAM USE',
    ['fentanyl_analog', 'benzodiazepine'],
  ],
  [
    'Acute Intoxication by the Combined Effects of para-Fluorofentanyl, cocaine and alcohol.',
    ['fentanyl_analog', 'cocaine', 'alcohol'],
  ],
  ['Acute Carfentanil Intoxication', ['fentanyl_analog']],
  ['Fentanyl analogue toxicity', ['fentanyl_analog']],
  [
    'Acute Intoxication due to the combined effects of Cocaine, Methoxyacetyl Fentanyl, and Cyclopropyl Fentanyl',
    ['cocaine', 'fentanyl_analog'],
  ],
  ['Acute fenatnyl intoxication', ['fentanyl']],
  ['Acute Fentnayl and Cocaine Toxicity', ['fentanyl', 'cocaine']],
  [
    'Acute Intoxication due to the Combined Effects of Fentanyl, Xyalzine, and Ethanol',
    ['fentanyl', 'xylazine', 'alcohol'],
  ],
  ['Acute Intoxication Combined Effects ofFentanyl andAcetyl Fentanyl', ['fentanyl', 'fentanyl_analog']],
  ['Acute IntoxicationCombined Effects of Heroin and Cocaine', ['heroin', 'cocaine']],
  ['Acute Intoxication Combined Effects ofCocaine andHeroin', ['cocaine', 'heroin']],
  ['Combined effects of Oxycod and Alprazolam', ['oxycodone', 'benzodiazepine']],
  ['Multidrug toxicity including bupren, hydromorph and etoh', ['buprenorphine', 'hydromorphone', 'alcohol']],
  ['Acute Heroin and Fentanyl Intoxication', ['heroin', 'fentanyl']],
  ['Cocaine and Heroin Intoxication', ['cocaine', 'heroin']],
  ['Acute Methadone and Heroin Intoxication', ['methadone', 'heroin']],
  ['Acute Fentanyl Toxicity', ['fentanyl']],
  ['ACUTE FENTANYL TOXICITY, OXYCODONE, CLONAZEPAM USE', ['fentanyl', 'oxycodone', 'benzodiazepine']],
  [
    'Complications of Acute Intoxication From the Combined Effects of Oxycodone, Oxymorphone, benzodiazepines',
    ['oxycodone', 'oxymorphone', 'benzodiazepine'],
  ],
  ['Complications of acute and chronic substance use (cocaine and opiates)', ['cocaine', 'opiate_nos']],
  ['Complications of Acute Opioid Intoxication', ['any_opioid']],
  [
    'Acute Intoxication due to the Combined Effects of Fentanyl, Pseudoephedrine, Amphetamine and Carisoprodol',
    ['fentanyl', 'amphetamine'],
  ],
  ['Acute Methamphetamine Toxicity', ['methamphetamine']],
  ['Acute 3,4-Methylenedioxymethamphetamine (MDMA) intoxication', ['other_stimulant']],
  [
    'Acute Intoxication by the Combined Effects of Ethanol, Nordiazepam, Gabapentin, Fentanyl, and Heroin',
    ['alcohol', 'benzodiazepine', 'gabapentin', 'fentanyl', 'heroin'],
  ],
  [
    'Acute Intoxication The Combined Effects of Cocaine, Cocaethylene, Fentanyl, Alcohol',
    ['cocaine', 'fentanyl', 'alcohol'],
  ],
  [
    'Acute intoxication due to the combined effects of fentanyl, cocaine, and 7-amino clonazepam',
    ['fentanyl', 'cocaine', 'benzodiazepine'],
  ],
  [
    'Acute Intoxication due to the Combined Effects of Etizolam, Buprenorphine and Gabapentin',
    ['benzodiazepine', 'buprenorphine', 'gabapentin'],
  ],
  [
    'Acute Intoxication From the Combined Effects of Cocaine, Fenanyl, and Methadone',
    ['cocaine', 'fentanyl', 'methadone'],
  ],
  ['Acute tramadol and hydrocodone toxicity', ['tramadol', 'hydrocodone']],
  ['Acute Phencyclidine and Fentanyl Intoxication', ['other', 'fentanyl']],
  ['PCP intoxication', ['other']],
  ['Inhalation of 1,1-Difluoroethane', ['other']],
  [
    'Acute Intoxication due to the Combined Effects of Fentanyl, Diphenhydramine and Morphine',
    ['fentanyl', 'other', 'morphine'],
  ],
  [
    'Acute intoxication due to Furanyl Fentanyl and U47700 (Synthetic Opioid)',
    ['fentanyl_analog', 'other_opioid', 'any_opioid'],
  ],
  [
    'Acute Intoxication due to the Combined Effects of Metonitazene and Fentanyl',
    ['other_opioid', 'fentanyl'],
  ],
  ['Acute Intoxication with Tapentadol and Loperamide', ['other_opioid']],
  ['Acute Intoxication From the Combined Effects of Codeine and Diazapam', ['codeine', 'benzodiazepine']],
  ['Multidrug toxicity including hydrocodol and lorazepam', ['hydrocodone', 'benzodiazepine']],
  ['Methanol and Isopropanol Toxicity', []],
  ['Atherosclerotic and Hypertensive Cardiovascular Disease', []],
  ['Multiple Drug Toxicity', []],
  ['Acute Intoxication due to the Combined Effects of Sertraline, Quetiapine and Trazodone', []],
  ['Hypertensive cardiovascular disease; no evidence of opioids', [], ['any_opioid']],
  ['Acute ethanol intoxication. No evidence of fentanyl or heroin', ['alcohol'], ['fentanyl', 'heroin']],
  ['Cocaine toxicity; negative for fentanyl', ['cocaine'], ['fentanyl']],
  ['Acute fentanyl intoxication; cocaine not detected', ['fentanyl'], ['cocaine']],
  ['Opioid toxicity ruled out; acute alcohol intoxication', ['alcohol'], ['any_opioid']],
  ['Not heroin, but acute fentanyl and xylazine toxicity', ['fentanyl', 'xylazine'], ['heroin']],
  ['Acute Fentanyl Intoxication With Recent Cocaine Use', ['fentanyl', 'cocaine']],
  [
    'Acute Heroin and Fentanyl Toxicities Associated With Buprenorphine and Ethanol Use',
    ['heroin', 'fentanyl', 'buprenorphine', 'alcohol'],
  ],
  ['Complications of Anoxic Brain Injury Acute Intoxication Including Fentanyl', ['fentanyl']],
  [
    'Acute Intoxication by the Combined Effects of Fentanyl, Heroin/Morph/Codeine',
    ['fentanyl', 'heroin', 'morphine', 'codeine'],
  ],
  ['Heroine overdose', ['heroin']],
  ['Acute Intoxication by the Combined Effects of Heroinand Cocane', ['heroin', 'cocaine']],
  ['Complications of opiod and alpha-PVP use', ['any_opioid', 'other_stimulant']],
  ['Cocaine-induced cardiac arrhythmia; fentanyl-related respiratory depression', ['cocaine', 'fentanyl']],
  ['Acute N-ethylpentylone and O-desmethyltramadol intoxication', ['other_stimulant', 'tramadol']],
  ['Para-fluoro-fentanyl and 6-MAM toxicity', ['fentanyl_analog', 'heroin']],
  ['Combined Fentanyl, Marijuana (THC) and Alcohol Toxicity', ['fentanyl', 'cannabis', 'alcohol']],
  ['', []],
];

describe('readCauseOfDeath', () => {
  it(`reads ${labelled.length} hand-labelled cause-of-death statements as labelled`, () => {
    assert.ok(labelled.length >= 60);
    const wrong: string[] = [];
    for (const [text, involved, denied = []] of labelled) {
      const reading = readCauseOfDeath(text);
      const same = (a: readonly string[], b: readonly string[]) =>
        a.length === b.length && a.every((x) => b.includes(x));
      if (!same(reading.substances, involved) || !same(reading.negated, denied)) {
        wrong.push(
          `${text}: read ${JSON.stringify(reading)}, labelled ${JSON.stringify({ involved, denied })}`,
        );
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('keeps the order in which the statement names its substances', () => {
    assert.deepEqual(readCauseOfDeath('Acute cocaine, fentanyl and heroin toxicity').substances, [
      'cocaine',
      'fentanyl',
      'heroin',
    ]);
  });

  it("agrees with the Connecticut file's own toxicology flags where its text names a drug", () => {
    const rows = parseCsv(
      readFileSync(sharedData('real', 'ct_accidental_drug_deaths_2012_2022.csv'), 'utf8'),
    );
    const header = rows[0] as string[];
    const at = (name: string) => header.indexOf(name);
    // Each substance, its flag column, and the agreement measured on the file (2012-2022) less a margin.
    const checks: [Substance, string, number][] = [
      ['fentanyl', 'Fentanyl', 0.99],
      ['heroin', 'Heroin', 0.96],
      ['cocaine', 'Cocaine', 0.99],
      ['xylazine', 'Xylazine', 0.99],
      ['fentanyl_analog', 'Fentanyl Analogue', 0.985],
      ['oxycodone', 'Oxycodone', 0.99],
      ['methadone', 'Methadone', 0.995],
      ['alcohol', 'Ethanol', 0.99],
      ['benzodiazepine', 'Benzodiazepine', 0.98],
      ['tramadol', 'Tramad', 0.99],
      ['hydrocodone', 'Hydrocodone', 0.995],
      ['oxymorphone', 'Oxymorphone', 0.995],
    ];
    const counts = checks.map(() => ({ both: 0, textOnly: 0, flagOnly: 0, neither: 0 }));
    let named = 0;
    const data = rows.slice(1);
    for (const row of data) {
      const text = `${row[at('Cause of Death')]}; ${row[at('Other Significant Conditions ')]}`;
      const found = readCauseOfDeath(text).substances;
      if (found.length === 0) continue;
      named++;
      checks.forEach(([code, column], i) => {
        const flagged = (row[at(column)] ?? '').trim().toUpperCase().startsWith('Y');
        const read = found.includes(code);
        const c = counts[i] as (typeof counts)[number];
        if (flagged && read) c.both++;
        else if (read) c.textOnly++;
        else if (flagged) c.flagOnly++;
        else c.neither++;
      });
    }
    console.log(`cause text names a drug in ${named} of ${data.length} deaths`);
    console.log('substance         agreement  both  text only  flag only');
    const low: string[] = [];
    checks.forEach(([code, , floor], i) => {
      const c = counts[i] as (typeof counts)[number];
      const agreement = (c.both + c.neither) / named;
      console.log(
        `${code.padEnd(17)} ${agreement.toFixed(4).padStart(9)} ${String(c.both).padStart(5)} ${String(c.textOnly).padStart(10)} ${String(c.flagOnly).padStart(10)}`,
      );
      if (agreement < floor) low.push(`${code}: ${agreement.toFixed(4)} < ${floor}`);
    });
    assert.ok(named / data.length > 0.97, 'nearly every statement names a drug');
    assert.deepEqual(low, []);
  });
});
