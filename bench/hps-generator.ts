// Deterministic generator of Household-Pulse-shaped respondent files, for benchmarks (no real person in it).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const HEADER =
  'SCRAM,WEEK,EST_ST,EST_MSA,REGION,PWEIGHT,TBIRTH_YEAR,EGENDER,RHISPANIC,RRACE,EEDUC,MS,THHLD_NUMPER,INCOME,' +
  'HADCOVID,RECVDVACC,DOSES,GETVACC,WHYNOT1,WHYNOT2,WHYNOT3,WHYNOT4,WHYNOT5,WHYNOT6,WHYNOT7,WHYNOT8,WHYNOT9,' +
  'WHYNOT10,WHYNOT11,WHYNOTB1,WHYNOTB2,WHYNOTB3,WHYNOTB4,WHYNOTB5,WHYNOTB6';

// State FIPS codes with their census region (1 NE, 2 S, 3 MW, 4 W), as in the real file.
const STATES: [string, number][] = [
  ['01', 2],
  ['02', 4],
  ['04', 4],
  ['05', 2],
  ['06', 4],
  ['08', 4],
  ['09', 1],
  ['10', 2],
  ['11', 2],
  ['12', 2],
  ['13', 2],
  ['15', 4],
  ['16', 4],
  ['17', 3],
  ['18', 3],
  ['19', 3],
  ['20', 3],
  ['21', 2],
  ['22', 2],
  ['23', 1],
  ['24', 2],
  ['25', 1],
  ['26', 3],
  ['27', 3],
  ['28', 2],
  ['29', 3],
  ['30', 4],
  ['31', 3],
  ['32', 4],
  ['33', 1],
  ['34', 1],
  ['35', 4],
  ['36', 1],
  ['37', 2],
  ['38', 3],
  ['39', 3],
  ['40', 2],
  ['41', 4],
  ['42', 1],
  ['44', 1],
  ['45', 2],
  ['46', 3],
  ['47', 2],
  ['48', 2],
  ['49', 4],
  ['50', 1],
  ['51', 2],
  ['53', 4],
  ['54', 2],
  ['55', 3],
  ['56', 4],
];

/** mulberry32: a tiny seeded PRNG, so every run writes the same bytes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `rows` respondents to `path` (plain CSV) and resolves when flushed. */
export async function writeHpsLikeFile(path: string, rows: number, seed = 22): Promise<void> {
  const rnd = prng(seed);
  const pick = (n: number) => 1 + Math.floor(rnd() * n);
  const out = createWriteStream(path);
  out.write(HEADER + '\n');
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const [st, region] = STATES[Math.floor(rnd() * STATES.length)]!;
    const vaccinated = rnd() < 0.3;
    const getvacc = vaccinated ? -88 : pick(4);
    const asked = !vaccinated && getvacc >= 2;
    const why = Array.from({ length: 11 }, () => (asked ? (rnd() < 0.25 ? 1 : -99) : -88));
    const whyB = Array.from({ length: 6 }, () => (asked && why[2] === 1 ? (rnd() < 0.3 ? 1 : -99) : -88));
    const cells = [
      `V22${String(i).padStart(10, '0')}S${Math.floor(rnd() * 1e9)}`,
      22,
      st,
      rnd() < 0.2 ? pick(15) * 1000 : '',
      region,
      (rnd() * 9000 + 20).toFixed(7),
      1932 + Math.floor(rnd() * 72),
      pick(2),
      pick(2),
      pick(4),
      pick(7),
      rnd() < 0.02 ? -99 : pick(5),
      pick(8),
      rnd() < 0.1 ? -88 : pick(8),
      pick(3),
      vaccinated ? 1 : 2,
      vaccinated ? pick(2) : -88,
      getvacc,
      ...why,
      ...whyB,
    ];
    buffer += cells.join(',') + '\n';
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}
