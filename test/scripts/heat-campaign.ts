// A second campaign for composer tests (heat wave, fictional): its concerns and audiences share no words with the example.
import type { CampaignBrief, Claim, Segment } from '../../shared/types.ts';
import { testBrief } from '../support/fixtures.ts';

export const HEAT_TODAY = '2027-06-15';

/** Words and phrases of the shipped flu/COVID example that must never reach another campaign's script. */
export const EXAMPLE_PHRASES = [
  'impf',
  'vaccin',
  'grippe',
  'flu',
  'covid',
  'stiko',
  'eltern',
  'parents',
  'schwanger',
  'pregnan',
  'senior',
  'ab 75',
  'aged 75',
  'gesundheitswesen',
  'healthcare',
  'alle, die mehr wissen möchten',
  'everyone who wants to know more',
];

const source = {
  title: 'Hitzeschutz (fiktiv)',
  publisher: 'Landesamt (fiktiv)',
  url: 'https://heat.example/',
  date: '2027-05-01',
};

export const heatBrief: CampaignBrief = testBrief({
  name: 'heat-wave-2027',
  title: 'Gut durch die Hitze',
  titles: { de: 'Gut durch die Hitze', en: 'Getting through the heat' },
  topic: 'Heat-wave protection, summer 2027',
  callToAction: { de: 'Trinken Sie heute ein Glas Wasser mehr.', en: 'Drink one more glass of water today.' },
  audiences: {
    'night-shift': { de: 'Beschäftigte in der Nachtschicht', en: 'night-shift workers' },
    gardeners: { de: 'Kleingärtnerinnen und Kleingärtner', en: 'allotment gardeners' },
  },
  concerns: {
    hydration: { heading: { de: 'Wie viel soll ich trinken?', en: 'How much should I drink?' } },
    cooling: {
      heading: { de: 'Wie kühle ich meine Wohnung?', en: 'How do I keep my flat cool?' },
      myth: 'fan-cooling',
    },
    'midday-sun': { heading: { de: 'Arbeiten in der Mittagssonne', en: 'Working in the midday sun' } },
  },
  wording: { en: { ctaHeading: 'Start today' } },
});

const claim = (id: string, topics: string[], de: string, en: string, extra: Partial<Claim> = {}): Claim => ({
  id,
  text: { de, en },
  topics,
  source: { ...source, url: `https://heat.example/${id}` },
  status: 'active',
  ...extra,
});

export const heatClaims: Claim[] = [
  claim(
    'water-steady',
    ['hydration'],
    'Bei Hitze hilft es, über den Tag verteilt regelmäßig Wasser zu trinken, auch ohne Durst.',
    'In hot weather it helps to drink water regularly through the day, even when you are not thirsty.',
    {
      shortText: { de: 'Trinken Sie regelmäßig Wasser.', en: 'Drink water regularly.' },
      alternatives: {
        de: ['Trinken Sie bei Hitze regelmäßig Wasser, auch wenn Sie keinen Durst haben.'],
        en: ['Drink water regularly when it is hot, even without feeling thirsty.'],
      },
    },
  ),
  claim(
    'water-night',
    ['hydration'],
    'Stellen Sie sich auch für die Nacht ein Glas Wasser bereit.',
    'Keep a glass of water ready for the night as well.',
    { audiences: ['night-shift'] },
  ),
  claim(
    'fan-cooling',
    ['cooling'],
    'Lüften Sie früh am Morgen und halten Sie tagsüber Fenster und Vorhänge geschlossen.',
    'Air your home early in the morning and keep windows and curtains closed during the day.',
    {
      shortText: { de: 'Morgens lüften, tagsüber abdunkeln.', en: 'Air in the morning, shade by day.' },
      myth: {
        text: { de: 'Ein Ventilator kühlt jeden Raum.', en: 'A fan cools any room.' },
        whyWrong: {
          de: 'Ein Ventilator bewegt nur die warme Luft; die Wohnung bleibt so warm wie vorher.',
          en: 'A fan only moves the warm air around; the room stays as warm as before.',
        },
      },
    },
  ),
  claim(
    'shade-breaks',
    ['midday-sun'],
    'Legen Sie schwere Arbeit im Freien auf den frühen Morgen und machen Sie mittags Pausen im Schatten.',
    'Do heavy outdoor work early in the morning and take breaks in the shade at midday.',
    { audiences: ['gardeners'] },
  ),
  claim(
    'hat',
    ['midday-sun', 'sleep'],
    'Ein Hut mit breiter Krempe schützt Kopf und Nacken vor der Sonne.',
    'A hat with a wide brim protects your head and neck from the sun.',
  ),
  claim(
    'sleep-cool',
    ['sleep'],
    'Ein kühles, feuchtes Tuch auf der Haut kann beim Einschlafen helfen.',
    'A cool, damp cloth on your skin can help you fall asleep.',
  ),
];

/** A heat-wave segment; concerns most pressing first. */
export function heatSegment(id: string, overrides: Partial<Segment> = {}): Segment {
  return {
    id,
    label: `Label ${id}`,
    language: 'de',
    readingLevel: 'standard',
    size: 500,
    concerns: ['hydration', 'cooling', 'midday-sun'],
    tags: [],
    ...overrides,
  };
}
