// Texts of the review form's script edits (what the next version changes without a model) in German and English.
import type { Catalog } from '../i18n.ts';

const en = {
  legend: 'Edits for the next version',
  hint: 'One per line, with scenes and sentences numbered as in the script above (e.g. 2.1). The next version makes them with approved wordings only; you review the result as a diff. Send them with “Request changes”.',
  label: 'Edits',
  'syntax.caption': 'How to write an edit',
  'syntax.dropScene': 'drop scene 3',
  'syntax.dropSentence': 'drop sentence 2 of scene 3',
  'syntax.shorten': 'say the short approved wording of the claim cited in sentence 2.1',
  'syntax.alternative': 'say the first alternative approved wording of that claim',
  'syntax.move': 'move scene 4 to position 2',
  'wordings.caption': 'Other approved wordings',
  'wordings.short': 'Short wording (edit: shorten)',
  'wordings.alternative': 'Alternative {n} (edit: alternative … {n})',
  'wordings.myth': 'Myth it corrects',
  'wordings.whyWrong': 'Why the myth is wrong',
} as const;

type Key = keyof typeof en;

const de: Record<Key, string> = {
  legend: 'Änderungen für die nächste Fassung',
  hint: 'Eine pro Zeile, Szenen und Sätze nummeriert wie im Skript oben (z. B. 2.1). Die nächste Fassung setzt sie nur mit freigegebenen Formulierungen um; Sie prüfen das Ergebnis als Vergleich. Senden Sie sie mit „Änderungen anfordern“.',
  label: 'Änderungen',
  'syntax.caption': 'So schreiben Sie eine Änderung',
  'syntax.dropScene': 'Szene 3 streichen',
  'syntax.dropSentence': 'Satz 2 in Szene 3 streichen',
  'syntax.shorten': 'die freigegebene Kurzfassung der in Satz 2.1 zitierten Aussage sprechen',
  'syntax.alternative': 'die erste freigegebene Alternativformulierung dieser Aussage sprechen',
  'syntax.move': 'Szene 4 an Position 2 verschieben',
  'wordings.caption': 'Weitere freigegebene Formulierungen',
  'wordings.short': 'Kurzfassung (Änderung: shorten)',
  'wordings.alternative': 'Alternative {n} (Änderung: alternative … {n})',
  'wordings.myth': 'Irrtum, den sie richtigstellt',
  'wordings.whyWrong': 'Warum der Irrtum falsch ist',
};

export type ReviewEditsKey = Key;
export const REVIEW_EDITS: Catalog<Key> = { en, de };
