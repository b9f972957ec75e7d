import type { Key } from 'ink';

/** The text of a one-line field and where the cursor sits (0 … value.length). */
export interface LineState {
  value: string;
  cursor: number;
}

/** The start of the word before the cursor: spaces, then the word itself, as readline's Ctrl+W. */
function wordStartBefore(value: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && /\s/.test(value[i - 1]!)) i--;
  while (i > 0 && !/[\s/]/.test(value[i - 1]!)) i--;
  if (i === cursor && i > 0) i--; // a lone slash before the cursor goes on its own
  return i;
}

/**
 * One key applied to a field, with the readline keys people expect: Ctrl+A/Home and Ctrl+E/End move
 * to the start/end, Ctrl+U clears to the start, Ctrl+K to the end, Ctrl+W and Alt+Backspace delete
 * the word before the cursor. Returns undefined for keys a field does not handle (Enter, arrows up
 * and down, Tab, other control keys), so they never type letters.
 */
export function editLine(state: LineState, input: string, key: Key): LineState | undefined {
  const { value, cursor } = state;
  const at = (v: string, c: number): LineState => ({ value: v, cursor: Math.max(0, Math.min(c, v.length)) });
  if (key.return || key.upArrow || key.downArrow || key.tab || key.escape || key.pageUp || key.pageDown) return undefined;
  if (key.leftArrow) return at(value, cursor - 1);
  if (key.rightArrow) return at(value, cursor + 1);
  if (key.home || (key.ctrl && input === 'a')) return at(value, 0);
  if (key.end || (key.ctrl && input === 'e')) return at(value, value.length);
  if (key.backspace && (key.meta || key.ctrl)) {
    const start = wordStartBefore(value, cursor);
    return at(value.slice(0, start) + value.slice(cursor), start);
  }
  if (key.backspace) return cursor === 0 ? state : at(value.slice(0, cursor - 1) + value.slice(cursor), cursor - 1);
  if (key.delete) return at(value.slice(0, cursor) + value.slice(cursor + 1), cursor);
  if (key.ctrl) {
    if (input === 'u') return at(value.slice(cursor), 0);
    if (input === 'k') return at(value.slice(0, cursor), cursor);
    if (input === 'w') {
      const start = wordStartBefore(value, cursor);
      return at(value.slice(0, start) + value.slice(cursor), start);
    }
    return undefined;
  }
  if (key.meta || !input) return undefined;
  // Pasted text may carry line breaks; a one-line field keeps the text and drops the breaks.
  const typed = input.replace(/[\r\n]+/g, '');
  return at(value.slice(0, cursor) + typed + value.slice(cursor), cursor + typed.length);
}
