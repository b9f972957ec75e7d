/**
 * A line's own indent and marker ("  ! ", "✓ ", "+ ") or one-word label ("    hint: ", "Next: "):
 * continuation lines start under the text after it.
 */
const LEAD = /^(\s*(?:[✓×!+~=\-–•$] |[A-Za-z]+: +)?)/u;

/** Columns a string takes: one per character (the screens draw no wide characters). */
const columnsOf = (s: string) => [...s].length;

export interface Wrapped {
  lines: string[];
  /** Words wider than the whole terminal: the terminal will cut them, so they are shown again whole elsewhere. */
  tooWide: string[];
}

/**
 * Word-wraps one line for a terminal `width` columns wide the way a person would set it:
 * continuation lines are indented (under the text after the line's marker, or two columns in from a
 * line without one) instead of restarting at column 0, and words — paths, image names, URLs — are
 * never cut: a word that does not fit moves to the next line whole, with less indent if that is what
 * it takes to fit. Only a word wider than the terminal itself cannot be kept whole; it is reported.
 */
export function hangingWrap(text: string, width: number): Wrapped {
  if (width <= 0 || columnsOf(text) <= width) return { lines: [text], tooWide: [] };
  const lead = LEAD.exec(text)![1]!;
  const hang = lead.trim() ? columnsOf(lead) : columnsOf(lead) + 2;
  const [first = '', ...words] = text.slice(lead.length).split(' ');
  const tooWide = columnsOf(first) > width ? [first] : [];
  const lines: string[] = [];
  let line = lead + first;
  if (columnsOf(line) > width && lead.trimEnd().endsWith(':')) {
    // A label whose value does not fit beside it: the label alone, the value under it.
    lines.push(lead.trimEnd());
    line = ' '.repeat(Math.max(0, Math.min(hang, width - columnsOf(first)))) + first;
  } else if (columnsOf(line) > width && !lead.trim()) {
    // An indented path a little wider than the room left: less indent rather than a cut.
    line = ' '.repeat(Math.max(0, width - columnsOf(first))) + first;
  }
  for (const word of words) {
    if (columnsOf(line) + 1 + columnsOf(word) <= width) {
      line += ` ${word}`;
      continue;
    }
    lines.push(line);
    if (columnsOf(word) > width) tooWide.push(word);
    line = ' '.repeat(Math.max(0, Math.min(hang, width - columnsOf(word)))) + word;
  }
  lines.push(line);
  return { lines, tooWide };
}
