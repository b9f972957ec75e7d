// Bundled in place of the `new Intl.Segmenter()` that Ink and its text libraries create when they load
// (build/startupPlugins.ts). ICU's first segmenter costs ~8 ms, and Ink segments every line of every
// frame. Text whose characters are each one UTF-16 unit and each their own grapheme cluster (the
// characters below) is split by position; anything else goes to a real Intl.Segmenter, made on first
// use. test/unit/fastText.test.ts checks the character set against ICU and the real string-width.

/**
 * Printable ASCII, Latin-1 and Latin Extended-A, general punctuation, arrows, minus, box drawing,
 * block elements and geometric shapes (up to U+25FC, before the two emoji squares), ticks and
 * crosses, ❯, and braille (spinner frames): every one a single column wide, a grapheme base, no
 * combining or spacing mark, no emoji presentation.
 */
export const SINGLE_COLUMN_CHARACTERS =
  '\\u0020-\\u007E\\u00A0-\\u00AC\\u00AE-\\u017F\\u2010-\\u2027\\u2030-\\u205E\\u2190-\\u21FF\\u2212\\u2500-\\u25FC\\u2713\\u2714\\u2717\\u2718\\u276F\\u2800-\\u28FF';

/**
 * Line feed and escape are controls: each a grapheme of its own (a line feed joins only a preceding
 * carriage return, which is not in the set), as is every character of an ANSI sequence. Ink segments
 * whole blocks of text, line feeds included.
 */
const ONE_UNIT_GRAPHEMES = new RegExp(`^[\\n\\u001B${SINGLE_COLUMN_CHARACTERS}]*$`);

interface SegmentData {
  segment: string;
  index: number;
  input: string;
}

interface SegmentsLike extends Iterable<SegmentData> {
  containing(index?: unknown): SegmentData | undefined;
}

class UnitSegments implements SegmentsLike {
  constructor(private readonly input: string) {}

  *[Symbol.iterator](): Iterator<SegmentData> {
    const { input } = this;
    for (let index = 0; index < input.length; index++) yield { segment: input[index]!, index, input };
  }

  containing(index: unknown = 0): SegmentData | undefined {
    // As Intl.Segments#containing converts its argument: fractions are cut, NaN and -0 count as 0.
    const at = Math.trunc(Number(index)) || 0;
    if (!(at >= 0 && at < this.input.length)) return undefined;
    return { segment: this.input[at]!, index: at, input: this.input };
  }
}

/** The part of Intl.Segmenter these libraries use: `segment(text)`, its iteration and `containing`. */
export function graphemeSegmenter(
  locales?: Intl.LocalesArgument,
  options?: Intl.SegmenterOptions,
): { segment(text: string): SegmentsLike } {
  let real: Intl.Segmenter | undefined;
  const realSegmenter = () => (real ??= new Intl.Segmenter(locales, options));
  if (options?.granularity !== undefined && options.granularity !== 'grapheme') return realSegmenter();
  return {
    segment(text: string): SegmentsLike {
      const input = String(text);
      return ONE_UNIT_GRAPHEMES.test(input) ? new UnitSegments(input) : realSegmenter().segment(input);
    },
  };
}
