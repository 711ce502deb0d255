// A tiny two-scene script with the characters that break naive renderers: umlauts, quotes, colon, percent, Cyrillic.
import type { Branding, Script } from '../../../shared/types.ts';

export const branding: Branding = { primaryColor: '#0B5394', backgroundColor: '#F4F7FB', textColor: '#1B2733' };

/** Returns a fresh copy so tests may modify it. */
export function twoSceneScript(): Script {
  return {
    title: 'Grippe & Corona: Impfung im Herbst',
    language: 'de',
    readingLevel: 'plain',
    scenes: [
      {
        sentences: [
          {
            text: 'Die Grippeimpfung schützt: Sie senkt das Risiko für „schwere“ Verläufe um bis zu 60 %.',
            claimIds: ['flu-efficacy'],
          },
          { text: '<Wichtig> & gut.', claimIds: [] },
        ],
        onScreenText: 'Impfung: "bis zu 60 % weniger" schwere Verläufe – für Ältere',
        visual: 'Eine ältere Frau in der Hausarztpraxis.',
        durationSeconds: 3,
      },
      {
        sentences: [{ text: 'Щеплення від грипу безкоштовне для людей старше 60 років.', claimIds: ['flu-free-60'] }],
        onScreenText: 'Щеплення безкоштовне: 60+',
        visual: 'Календар з позначкою.',
        durationSeconds: 2.5,
      },
    ],
    callToAction: 'Fragen Sie Ihre Hausarztpraxis nach der Impfung.',
    aiDisclosure: 'Dieses Video wurde mit KI erstellt und medizinisch geprüft.',
    sources: [{ title: 'Impfempfehlungen', publisher: 'STIKO', url: 'https://www.rki.de/stiko', date: '2026-01-15' }],
  };
}
