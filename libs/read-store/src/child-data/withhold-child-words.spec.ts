import { describe, expect, it } from '@jest/globals';
import type { ChildLevelRecord, ChildLevelWordSet } from './child-level-words.js';
import { CHILD_WORDS_WITHHELD, findChildWords } from './withhold-child-words.js';

const comment: ChildLevelRecord = { kind: 'comment', id: 'c1' };
const action: ChildLevelRecord = { kind: 'action', id: 'a1' };
const set: ChildLevelWordSet = {
  words: new Map([
    ['Child J was placed with carers in Leeds', [comment]],
    ['Done', [action]],
  ]),
};

describe('findChildWords', () => {
  it('withholds a whole word, one inside a longer string, and one cut short, in a copy, naming the records', () => {
    const answer = {
      actions: [{ id: 'a1', status: 'red', lastComment: 'Child J was placed with carers in Leeds', note: 'Done' }],
      history: [{ text: 'Said: Child J was placed with carers in Leeds.' }, { text: 'Child J was placed with…' }],
      service: 'Supervision audited quarterly',
      when: new Date(0),
      moves: new Map([['a1', 'Done']]),
    };
    const found = findChildWords(answer, set, true);
    expect(found.answer).toEqual({
      actions: [{ id: 'a1', status: 'red', lastComment: CHILD_WORDS_WITHHELD, note: CHILD_WORDS_WITHHELD }],
      history: [{ text: CHILD_WORDS_WITHHELD }, { text: CHILD_WORDS_WITHHELD }],
      service: 'Supervision audited quarterly',
      when: new Date(0),
      moves: new Map([['a1', CHILD_WORDS_WITHHELD]]),
    });
    expect(found.records).toEqual(expect.arrayContaining([comment, action]));
    expect(answer.actions[0]!.lastComment).toBe('Child J was placed with carers in Leeds');
  });

  it('gives a reader allowed the words the answer as it is, and still names the records', () => {
    const answer = { text: 'Child J was placed with carers in Leeds' };
    const found = findChildWords(answer, set, false);
    expect(found.answer).toBe(answer);
    expect(found.records).toEqual([comment]);
  });

  it('leaves an answer with no child-level words as it is: a short word only as a whole value', () => {
    const answer = { text: 'Done and dusted', other: 'Undone' };
    const found = findChildWords(answer, set, true);
    expect(found.answer).toBe(answer);
    expect(found.records).toEqual([]);
  });
});
