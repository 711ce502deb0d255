// The one check for user-supplied text: no controls, no lone surrogates, no bidi overrides in names; NFC. Workflow-safe.

/** How a field may be written: `text` allows tab and newline, `line` is one line, `name` also refuses bidi controls. */
export type TextKind = 'text' | 'line' | 'name';

// C0 and C1 controls and DEL; tab, line feed and carriage return are allowed only in multi-line text.
const CONTROL = /\p{Cc}/u;
const CONTROL_IN_TEXT = /(?![\t\n\r])\p{Cc}/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Embedding, override and isolate controls and the directional marks reorder what a reader sees, so a name could
// pose as another.
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const BIDI_ALL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;

/**
 * Why `value` is refused for a field of this kind, or undefined when it is acceptable. The reason names no part of
 * the value (it may be a respondent's text) and says how to fix it.
 */
export function textProblem(value: string, kind: TextKind, max?: number): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'contains a broken Unicode character (a lone surrogate); send valid UTF-16';
  if ((kind === 'text' ? CONTROL_IN_TEXT : CONTROL).test(value)) {
    return kind === 'text'
      ? 'contains a control character (only tab and line breaks are allowed); remove it'
      : 'contains a control character such as NUL, tab or a line break; send a single line of plain text';
  }
  if (kind === 'name' && BIDI.test(value)) {
    return 'contains a bidirectional control character (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C); remove it';
  }
  if (max !== undefined && value.length > max) return `is longer than ${max} characters; shorten it`;
  return undefined;
}

/** The stored form of accepted text: Unicode NFC, so equal-looking strings compare equal. */
export function normalizeText(value: string): string {
  return value.normalize('NFC');
}

/**
 * `value` without bidirectional controls: for text shown where a control could make it pose as other text (a title
 * drawn into a video, a label on a page) and that may predate the checks above.
 */
export function stripBidiControls(value: string): string {
  return value.replace(BIDI_ALL, '');
}
