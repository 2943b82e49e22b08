/**
 * Throughput of the ED syndrome classifier (classifyVisit) on one core: a generated stream of visits
 * (the hand-labelled chief complaints mixed with everyday complaints, one visit in five with a typo
 * in a random word so the misspelling lookup meets words it has not seen, diagnosis codes on half of
 * them), classified in this one thread. Prints visits/s and the share meeting each syndrome.
 * Run: npx tsc -p tsconfig.json && node dist/bench/ed-classify.bench.js [visits, default 1000000]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { classifyVisit, type EdVisit } from '../src/intake/standards/ed-syndromes/classify-visit.js';
import { edDefinitionIds } from '../src/intake/standards/ed-syndromes/ed-syndromes.v1.js';
import { parseCsv } from '../test/support/reference-csv.js';
import { count, percent, secs } from './support/figures.js';

const visits = Number(process.argv[2] ?? 1_000_000);
if (!(visits > 0)) throw new Error('visits: a positive number');

const EVERYDAY = [
  'chest pain',
  'abdominal pain x 3 days',
  'shortness of breath, cough',
  'fever and chills',
  'headache since yesterday',
  'fall from standing, hip pain',
  'laceration to left hand',
  'back pain, lifting at work',
  'nausea vomiting diarrhea',
  'dizziness, near syncope',
  'ankle injury playing soccer',
  'sore throat, ear pain',
  'MVC, restrained driver, neck pain',
  'rash on arms after hiking',
  'urinary pain, frequency',
  'anxiety, palpitations',
  'medication refill, ran out of bp meds',
  'weakness, elderly, poor intake',
  'dental pain, swelling',
  'eye redness OD, discharge',
  'suicidal ideation, no plan',
  'psych eval, police brought',
  'etoh intoxication, found on sidewalk',
  'seizure, known epileptic',
];
const CODES = [
  'R07.9',
  'R10.9',
  'J06.9',
  'S93.401A',
  'M54.5',
  'F41.9',
  'N39.0',
  'T40.1X1A',
  'T40.411A',
  'F11.120',
  'T50.901A',
  'T40.2X5A',
];

// A small deterministic generator (mulberry32), so every run classifies the same visits.
let seed = 16;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

function typo(text: string): string {
  const words = text.split(' ');
  const at = Math.floor(random() * words.length);
  const word = words[at] as string;
  if (word.length < 4) return text;
  const i = 1 + Math.floor(random() * (word.length - 2));
  words[at] = word.slice(0, i) + String.fromCharCode(97 + Math.floor(random() * 26)) + word.slice(i + 1);
  return words.join(' ');
}

const [header, ...rows] = parseCsv(
  readFileSync(path.resolve('test/fixtures/ed-chief-complaints/labelled.csv'), 'utf8'),
);
const complaintAt = (header as string[]).indexOf('chief_complaint');
const labelled = rows.filter((r) => r.length > 1).map((r) => r[complaintAt] as string);

// 200,000 distinct visits, cycled: generating them is not part of the time measured.
const pool: EdVisit[] = [];
for (let i = 0; i < 200_000; i++) {
  let text = random() < 0.3 ? pick(labelled) : pick(EVERYDAY);
  if (random() < 0.2) text = typo(text);
  const codes = random() < 0.5 ? [pick(CODES), pick(CODES)] : [];
  pool.push({ chiefComplaint: text, diagnosisCodes: codes });
}

const met = new Map<string, number>(edDefinitionIds.map((id) => [id, 0]));
// A warm-up pass lets the JIT compile the classifier before the clock starts.
for (let i = 0; i < 50_000; i++) classifyVisit(pool[i] as EdVisit);
const start = performance.now();
for (let i = 0; i < visits; i++) {
  const result = classifyVisit(pool[i % pool.length] as EdVisit);
  for (const id of result.definitions) met.set(id, (met.get(id) ?? 0) + 1);
}
const seconds = (performance.now() - start) / 1000;
console.log(
  `ED syndromes: ${count(visits)} visits in ${secs(seconds)} s, ${count(visits / seconds)} visits/s (one core)`,
);
console.log(
  `meeting: ${edDefinitionIds.map((id) => `${id} ${percent(met.get(id) ?? 0, visits)}`).join(', ')}`,
);
