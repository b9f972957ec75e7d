// Bundled in place of `string-width` (build/startupPlugins.ts): text made only of single-column
// characters (after removing ANSI codes, as string-width does) is as wide as it is long; anything
// else goes to the real string-width, whose Unicode regular expressions are then built on first use.
import stripAnsi from 'strip-ansi';
import realStringWidth, { type Options } from 'string-width';
import { SINGLE_COLUMN_CHARACTERS } from './graphemeSegmenter.js';

const SINGLE_COLUMN_TEXT = new RegExp(`^[${SINGLE_COLUMN_CHARACTERS}]*$`);

export default function stringWidth(input: string, options?: Options): number {
  if (typeof input !== 'string' || options?.ambiguousIsNarrow === false) return realStringWidth(input, options);
  const countAnsiEscapeCodes = options?.countAnsiEscapeCodes === true;
  const text = !countAnsiEscapeCodes && (input.includes('\u001B') || input.includes('\u009B')) ? stripAnsi(input) : input;
  return SINGLE_COLUMN_TEXT.test(text) ? text.length : realStringWidth(input, options);
}
