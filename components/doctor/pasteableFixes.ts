import type { CheckOutcome } from '../../src/features/doctor/types.js';
import { cleanLine } from '../../src/shared/text/cleanLine.js';

/** The screen draws "    fix: <command>": a command wider than this wraps to column 0. */
const FIX_PREFIX = '    fix: '.length;

/**
 * The fix commands the screen had to wrap, printed whole once the screen is gone so each can be
 * copied as one line; empty when every fix fitted on its line.
 */
export function pasteableFixes(outcomes: readonly CheckOutcome[], columns: number): string {
  const fixes = [...new Set(outcomes.filter((o) => (o.status === 'fail' || o.status === 'warn') && o.fix).map((o) => cleanLine(o.fix!)))];
  if (!fixes.some((f) => FIX_PREFIX + f.length > columns)) return '';
  return `\nFix commands, whole for copying:\n${fixes.join('\n')}\n`;
}
