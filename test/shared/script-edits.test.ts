import { describe, expect, it } from 'vitest';
import { describeEdit, parseEdit, parseEdits } from '../../shared/script-edits.ts';
import { InputError } from '../../shared/errors.ts';

describe('parseEdit', () => {
  it('reads edits as people write them, counting from 1, into 0-based edits', () => {
    expect(parseEdit('drop 3')).toEqual({ op: 'drop', scene: 2 });
    expect(parseEdit(' drop 3.2 ')).toEqual({ op: 'drop', scene: 2, sentence: 1 });
    expect(parseEdit('shorten 2.1 water-steady')).toEqual({
      op: 'shorten',
      scene: 1,
      sentence: 0,
      claimId: 'water-steady',
    });
    expect(parseEdit('alternative 2.3 hat 2')).toEqual({
      op: 'alternative',
      scene: 1,
      sentence: 2,
      claimId: 'hat',
      wording: 1,
    });
    expect(parseEdit('move 4 2')).toEqual({ op: 'move', scene: 3, to: 1 });
  });

  it('says what is wrong and how to write it', () => {
    expect(() => parseEdit('cut 2')).toThrow("'cut 2': unknown edit 'cut'; use drop, shorten, alternative or move");
    expect(() => parseEdit('drop 0')).toThrow("'drop 0': the scene must be a number from 1 (got '0')");
    expect(() => parseEdit('shorten 2 hat')).toThrow('write the place as <scene>.<sentence>, e.g. 2.1');
    expect(() => parseEdit('move 2')).toThrow(InputError);
    expect(() => parseEdits('drop 1\n\nmove x 1')).toThrow(/^Edit line 3: 'move x 1'/);
  });

  it('describes an edit the way it was written', () => {
    for (const spec of ['drop 3', 'drop 3.2', 'shorten 2.1 hat', 'alternative 2.3 hat 2', 'move 4 2']) {
      expect(describeEdit(parseEdit(spec))).toMatch(/^(Drop|Shorten|Say|Move) /);
    }
    expect(describeEdit(parseEdit('alternative 2.3 hat 2'))).toBe(
      "Say alternative wording 2 of claim 'hat' in scene 2, sentence 3",
    );
    expect(parseEdits('drop 1\n move 3 1\n')).toHaveLength(2);
  });
});
