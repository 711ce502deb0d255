// Reviewers' script edits as people write and read them: `drop 3.2`, `shorten 2.1 claim-id`. Workflow-safe, pure.
import { InputError } from './errors.ts';
import type { ScriptEdit } from './types.ts';

/** How to write edits (CLI `--edit`, the review form), one per edit; scenes and sentences count from 1. */
export const EDIT_SYNTAX = [
  'drop <scene>                      drop a whole scene',
  'drop <scene>.<sentence>           drop one sentence',
  'shorten <scene>.<sentence> <claim>  say the claim’s short approved wording instead',
  'alternative <scene>.<sentence> <claim> <n>  say the claim’s n-th alternative approved wording',
  'move <scene> <position>           move a scene to another position',
] as const;

const position = (text: string | undefined, what: string, spec: string) => {
  const n = Number(text);
  if (!text || !Number.isInteger(n) || n < 1) {
    throw new InputError(`'${spec}': ${what} must be a number from 1 (got '${text ?? ''}')`);
  }
  return n - 1;
};

function at(ref: string | undefined, spec: string, needSentence: boolean) {
  const [scene, sentence, extra] = (ref ?? '').split('.');
  if (extra !== undefined || (needSentence && sentence === undefined)) {
    throw new InputError(
      `'${spec}': write the place as <scene>${needSentence ? '.<sentence>' : '[.<sentence>]'}, e.g. 2.1`,
    );
  }
  return {
    scene: position(scene, 'the scene', spec),
    sentence: sentence === undefined ? undefined : position(sentence, 'the sentence', spec),
  };
}

/**
 * Parses one edit as written in {@link EDIT_SYNTAX} into a {@link ScriptEdit} (0-based indexes).
 * @throws Error saying what is wrong with the spec and how to write it.
 */
export function parseEdit(spec: string): ScriptEdit {
  const [op, ref, ...rest] = spec.trim().split(/\s+/);
  const args = (n: number) => {
    if (rest.length !== n)
      throw new InputError(`'${spec}': expected ${EDIT_SYNTAX.find((s) => s.startsWith(op ?? ''))}`);
  };
  switch (op) {
    case 'drop': {
      args(0);
      const { scene, sentence } = at(ref, spec, false);
      return sentence === undefined ? { op, scene } : { op, scene, sentence };
    }
    case 'shorten': {
      args(1);
      const { scene, sentence } = at(ref, spec, true);
      return { op, scene, sentence: sentence ?? 0, claimId: rest[0] ?? '' };
    }
    case 'alternative': {
      args(2);
      const { scene, sentence } = at(ref, spec, true);
      return { op, scene, sentence: sentence ?? 0, claimId: rest[0] ?? '', wording: position(rest[1], 'n', spec) };
    }
    case 'move': {
      args(1);
      return { op, scene: at(ref, spec, false).scene, to: position(rest[0], 'the position', spec) };
    }
    default:
      throw new InputError(`'${spec}': unknown edit '${op ?? ''}'; use drop, shorten, alternative or move`);
  }
}

/** Parses edits one per line (blank lines ignored); the error names the line. */
export function parseEdits(text: string): ScriptEdit[] {
  return text
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, n]) => {
      try {
        return parseEdit(line);
      } catch (error) {
        throw new InputError(`Edit line ${n}: ${(error as Error).message}`, { cause: error });
      }
    });
}

/** One edit as people read it, counting scenes, sentences and wordings from 1. */
export function describeEdit(edit: ScriptEdit): string {
  const place = (scene: number, sentence?: number) =>
    sentence === undefined ? `scene ${scene + 1}` : `scene ${scene + 1}, sentence ${sentence + 1}`;
  switch (edit.op) {
    case 'drop':
      return `Drop ${place(edit.scene, edit.sentence)}`;
    case 'shorten':
      return `Shorten ${place(edit.scene, edit.sentence)} to the short wording of claim '${edit.claimId}'`;
    case 'alternative':
      return `Say alternative wording ${edit.wording + 1} of claim '${edit.claimId}' in ${place(edit.scene, edit.sentence)}`;
    case 'move':
      return `Move scene ${edit.scene + 1} to position ${edit.to + 1}`;
  }
}
