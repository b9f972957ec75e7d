import { Box, Text } from 'ink';
import { countByStatus } from '../../src/features/doctor/format.js';
import type { CheckOutcome } from '../../src/features/doctor/types.js';
import type { DoctorResult } from './checkStates.js';
import { STATUS_COLOR, STATUS_GLYPH } from './glyphs.js';

export interface SummaryProps {
  /** Absent while checks still run. */
  result?: DoctorResult;
  progress: { done: number; total: number };
  attempt: number;
  /** --wait: the report of the attempt that just ended, while waiting for the next. */
  lastAttempt?: readonly CheckOutcome[];
  /** The --wait budget, e.g. "2m"; absent for a single run. */
  waitFor?: string;
}

const WAIT_ENDING = {
  healthy: 'healthy',
  final: 'stopped waiting: a problem above cannot clear by itself',
  timeout: 'still not healthy when the wait ran out',
} as const;

/** The last line: progress while checking, then the counts and what the exit code will be. */
export function Summary({ result, progress, attempt, waitFor, lastAttempt }: SummaryProps) {
  const attemptText = waitFor ? `attempt ${Math.max(attempt, 1)} (waiting up to ${waitFor} for a healthy install)` : undefined;
  if (!result && lastAttempt) {
    const c = countByStatus(lastAttempt);
    return (
      <Text dimColor>
        Attempt {attempt}: {c.fail} failed, {c.warn} {c.warn === 1 ? 'warning' : 'warnings'} · checking again shortly (waiting up to{' '}
        {waitFor} for a healthy install)
      </Text>
    );
  }
  if (!result) {
    return (
      <Text dimColor>
        Checking… {progress.done} of {progress.total} done{attemptText ? ` · ${attemptText}` : ''}
      </Text>
    );
  }
  const c = countByStatus(result.outcomes);
  const status = c.fail ? 'fail' : c.warn || result.exitCode !== 0 ? 'warn' : 'pass';
  return (
    <Box flexDirection="column">
      <Text color={STATUS_COLOR[status]} bold>
        {STATUS_GLYPH[status]} {c.pass} passed, {c.warn} {c.warn === 1 ? 'warning' : 'warnings'}, {c.fail} failed, {c.skipped} skipped
      </Text>
      {waitFor && result.waitReason ? (
        <Text dimColor>
          {WAIT_ENDING[result.waitReason]} after {attempt} {attempt === 1 ? 'attempt' : 'attempts'}
        </Text>
      ) : null}
    </Box>
  );
}
