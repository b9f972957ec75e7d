import { isDeepStrictEqual } from 'node:util';
import { parseDocument, type ToStringOptions } from 'yaml';

/**
 * Keeping a user's file byte-for-byte where nothing changed. The yaml Document API keeps comments,
 * order and quoting, but re-renders spacing (indentation, "key:   value  # note"). So the new text
 * is rendered, and every line that the edit did not touch is swapped back for the user's own line.
 */

/** Render options that follow the file's own indentation and sequence style, never folding lines. */
export function layoutOptions(original: string | undefined): ToStringOptions {
  const lines = (original ?? '').replace(/\r\n/g, '\n').split('\n');
  const isContent = (l: string) => l.trim() !== '' && !l.trimStart().startsWith('#');
  const indents = lines
    .filter((l) => isContent(l) && !l.trimStart().startsWith('-'))
    .map((l) => l.length - l.trimStart().length)
    .filter((n) => n > 0);
  const indent = indents.length ? Math.min(8, ...indents) : 2;
  let indentSeq = true;
  for (let i = 0; i < lines.length; i++) {
    const key = /^(\s*)[^\s#-][^#]*:\s*(#.*)?$/.exec(lines[i]!);
    if (!key) continue;
    const next = lines.slice(i + 1).find(isContent);
    if (next?.startsWith(`${key[1]}- `) || next === `${key[1]}-`) {
      indentSeq = false;
      break;
    }
    if (next && new RegExp(`^${key[1]}\\s+- `).test(next)) break;
  }
  return { indent, indentSeq, lineWidth: 0 };
}

function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const squash = (line: string) => line.replace(/\s+/g, '');

const MAX_DIFF_CELLS = 4_000_000;

/** For each line of `b`, the index of the line of `a` it is kept from (longest common subsequence). */
function matchLines(a: string[], b: string[]): (number | undefined)[] | undefined {
  const matched: (number | undefined)[] = new Array<number | undefined>(b.length).fill(undefined);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) matched[start] = start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) matched[--endB] = --endA;
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_DIFF_CELLS) return undefined;
  // lcs[i][j]: LCS length of a[start+i..endA) and b[start+j..endB)
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[start + i] === b[start + j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  for (let i = 0, j = 0; i < n && j < m;) {
    if (a[start + i] === b[start + j]) {
      matched[start + j] = start + i;
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) i++;
    else j++;
  }
  return matched;
}

/**
 * `pristine` is the original file rendered unchanged with `layoutOptions`, `updated` the edited
 * document rendered the same way. Returns `updated` with each untouched line replaced by the
 * user's original line, provided that still means exactly the same; otherwise `updated` as is.
 */
export function keepOriginalLines(original: string, pristine: string, updated: string): string {
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const originalLines = splitLines(original);
  const pristineLines = splitLines(pristine);
  const updatedLines = splitLines(updated);
  const withEol = (lines: string[]) => lines.join(eol) + eol;
  // Only map lines back when rendering changed nothing but spacing, line for line.
  const sameShape =
    originalLines.length === pristineLines.length && originalLines.every((line, i) => squash(line) === squash(pristineLines[i]!));
  const matched = sameShape ? matchLines(pristineLines, updatedLines) : undefined;
  if (!matched) return withEol(updatedLines);
  const merged = withEol(updatedLines.map((line, j) => (matched[j] === undefined ? line : originalLines[matched[j]]!)));
  const check = parseDocument(merged);
  const same = check.errors.length === 0 && isDeepStrictEqual(check.toJS(), parseDocument(updated).toJS());
  return same ? merged : withEol(updatedLines);
}
