// Pre-review findings: their shape, their order, and the wording helpers every check uses for its messages.

/** How a finding affects the script: blocking findings trigger a redraft and are shown to reviewers first. */
export type Severity = 'blocking' | 'warning' | 'info';

/**
 * One thing a check found. `scene` and `sentence` are 0-based indexes into `script.scenes` and
 * `scene.sentences`; messages count from 1 ("scene 2, sentence 1") because people read them.
 */
export interface Finding {
  /** Stable identifier of the rule, e.g. `grounding-uncited`. */
  code: string;
  severity: Severity;
  scene?: number;
  sentence?: number;
  /** What is wrong, where, and with the offending words quoted. */
  message: string;
  /** How to fix it. */
  suggestion?: string;
}

const RANK: Record<Severity, number> = { blocking: 0, warning: 1, info: 2 };

/** True when any finding is blocking. */
export function hasBlocking(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'blocking');
}

/** Blocking first, then warnings, then info; within each, script-wide findings first, then by scene and sentence. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const position = (n: number | undefined) => (n === undefined ? -1 : n);
  return [...findings].sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      position(a.scene) - position(b.scene) ||
      position(a.sentence) - position(b.sentence) ||
      a.code.localeCompare(b.code),
  );
}

/** Where a finding is, for people: `Scene 2, sentence 1`, `Scene 2, on-screen text`, or a field name. */
export function where(scene?: number, sentence?: number, field?: string): string {
  const parts = [
    scene === undefined ? undefined : `Scene ${scene + 1}`,
    sentence === undefined ? undefined : `sentence ${sentence + 1}`,
    field,
  ].filter((p): p is string => p !== undefined);
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Quotes script text for a message, shortened to `max` characters. */
export function quote(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `"${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}"`;
}

/** Quotes several matches, each once: `"Fieber", "60"`. */
export function quoteAll(texts: readonly string[], limit = 4): string {
  const unique = [...new Set(texts)];
  const shown = unique.slice(0, limit).map((t) => quote(t, 40));
  return shown.join(', ') + (unique.length > limit ? ` and ${unique.length - limit} more` : '');
}
