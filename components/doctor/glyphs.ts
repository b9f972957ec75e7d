import type { CheckStatus, SkipReason } from '../../src/features/doctor/types.js';

/** The same marks as the plain report (src/doctor/format.ts), so every format reads alike. */
export const STATUS_GLYPH: Record<CheckStatus, string> = { pass: '✓', warn: '‼', fail: '×', skipped: '–' };

export const STATUS_COLOR: Record<CheckStatus, string> = { pass: 'green', warn: 'yellow', fail: 'red', skipped: 'gray' };

/** Why a row was skipped, as a short tag after it. */
export const SKIP_TAG: Record<SkipReason, string> = {
  'not-applicable': 'not applicable',
  forbidden: 'no permission',
  dependency: 'after a failure above',
};
