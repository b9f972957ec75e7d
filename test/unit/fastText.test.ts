// The bundle swaps string-width and Ink's Intl.Segmenters for build/runtime/ (see build/startupPlugins.ts).
// These tests hold the swap to the libraries' own answers: every character of the fast set, and random
// text mixing it with ANSI codes, emoji, combining marks, CJK and line breaks.
import fc from 'fast-check';
import realStringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { graphemeSegmenter, SINGLE_COLUMN_CHARACTERS } from '../../build/runtime/graphemeSegmenter.js';
import fastStringWidth from '../../build/runtime/stringWidth.js';

const inSet = new RegExp(`^[${SINGLE_COLUMN_CHARACTERS}]$`);
const setCharacters: string[] = [];
for (let code = 0; code <= 0xffff; code++) {
  const character = String.fromCharCode(code);
  if (inSet.test(character)) setCharacters.push(character);
}

const outsiders = [
  '\u001B',
  '\u009B',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '\u0301',
  '\u200D',
  '\uFE0F',
  '👍',
  '👨‍👩‍👧',
  '🇩🇪',
  '径',
  'ｶ',
  'ﾞ',
  '\u1100\u1161',
  '\u00AD',
  '\u25FD',
  '✅',
  '\uD83D',
];
const ansi = ['\u001B[31m', '\u001B[39m', '\u001B[1m', '\u001B[22m', '\u001B]8;;https://example.com\u0007', '\u001B]8;;\u0007', '\u009B2K'];
const setCharacter = fc.constantFrom(...setCharacters);
const anyText = fc
  .array(fc.oneof({ weight: 6, arbitrary: setCharacter }, { weight: 1, arbitrary: fc.constantFrom(...outsiders, ...ansi) }), {
    maxLength: 30,
  })
  .map((parts) => parts.join(''));
// What Ink segments: single-column text, ANSI codes and line feeds (a border's side is one block of lines).
const setText = fc
  .array(fc.oneof({ weight: 8, arbitrary: setCharacter }, { weight: 1, arbitrary: fc.constantFrom(...ansi, '\n') }), { maxLength: 40 })
  .map((parts) => parts.join(''));

const plain = (segments: Iterable<{ segment: string; index: number; input: string }>) =>
  [...segments].map(({ segment, index, input }) => ({ segment, index, input }));

describe('the single-column character set', () => {
  it('covers what the wizard draws (·, ×, …, →, ✓, ❯, spinner frames, box drawing)', () => {
    for (const character of '·×…→✓❯⠋⠙─│╭╮╰╯') expect(setCharacters).toContain(character);
    expect(setCharacters.length).toBeGreaterThan(1000);
  });

  it('holds only characters string-width measures as one column, each a grapheme base with no mark or emoji presentation', () => {
    const wrong = setCharacters.filter(
      (c) => realStringWidth(c) !== 1 || !/\p{Grapheme_Base}/u.test(c) || /\p{Mark}|\p{Emoji_Presentation}|\p{Regional_Indicator}/u.test(c),
    );
    expect(wrong.map((c) => `U+${c.charCodeAt(0).toString(16)}`)).toEqual([]);
  });
});

describe('graphemeSegmenter', () => {
  it('splits any text exactly as Intl.Segmenter does, including containing()', () => {
    const ours = graphemeSegmenter(undefined, { granularity: 'grapheme' });
    const icu = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    fc.assert(
      fc.property(fc.oneof(anyText, setText), (text) => {
        expect(plain(ours.segment(text))).toEqual(plain(icu.segment(text)));
        for (let index = -1; index <= text.length; index++) {
          const mine = ours.segment(text).containing(index);
          const theirs = icu.segment(text).containing(index);
          expect(mine && { ...mine }).toEqual(theirs && { segment: theirs.segment, index: theirs.index, input: theirs.input });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("converts containing()'s argument as Intl.Segments does", () => {
    const text = 'ab·c';
    const ours = graphemeSegmenter().segment(text);
    const icu = new Intl.Segmenter().segment(text);
    for (const index of [undefined, Number.NaN, 'x', '2', 1.7, -0.5, -1, Infinity, 4, null]) {
      const theirs = icu.containing(index as number);
      expect(ours.containing(index), String(index)).toEqual(
        theirs && { segment: theirs.segment, index: theirs.index, input: theirs.input },
      );
    }
  });

  it('splits every pair of set characters into two graphemes, as ICU does', () => {
    const icu = new Intl.Segmenter();
    const sample = setCharacters.filter((_, i) => i % 7 === 0);
    const joined: string[] = [];
    for (const first of sample) for (const second of sample) if ([...icu.segment(first + second)].length !== 2) joined.push(first + second);
    expect(joined).toEqual([]);
  });

  it('is a real Intl.Segmenter for word and sentence granularity', () => {
    expect(graphemeSegmenter('en', { granularity: 'word' })).toBeInstanceOf(Intl.Segmenter);
  });
});

describe('stringWidth', () => {
  it('agrees with string-width on any text, with and without its options', () => {
    const options = fc.constantFrom(
      undefined,
      {},
      { ambiguousIsNarrow: false },
      { countAnsiEscapeCodes: true },
      { ambiguousIsNarrow: true, countAnsiEscapeCodes: false },
    );
    fc.assert(
      fc.property(fc.oneof(anyText, setText), options, (text, option) => {
        expect(fastStringWidth(text, option)).toBe(realStringWidth(text, option));
      }),
      { numRuns: 5000 },
    );
  });

  it('measures wide, ambiguous and styled text like string-width', () => {
    for (const text of ['径路', '· × …', '\u001B[31m✓ done\u001B[39m', '👍 ok', 'e\u0301']) {
      expect(fastStringWidth(text)).toBe(realStringWidth(text));
      expect(fastStringWidth(text, { ambiguousIsNarrow: false })).toBe(realStringWidth(text, { ambiguousIsNarrow: false }));
    }
    expect(fastStringWidth('· × …', { ambiguousIsNarrow: false })).toBe(8);
  });
});
