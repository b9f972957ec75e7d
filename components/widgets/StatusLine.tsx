import { Spinner } from '@inkjs/ui';
import { Box, Text } from 'ink';
import { STEP_GLYPH } from '../../src/shared/steps/stepEvent.js';

export type Status = 'running' | 'done' | 'failed' | 'skipped';

const COLOR: Record<Status, string | undefined> = { running: undefined, done: 'green', failed: 'red', skipped: 'gray' };

/** One line of progress: a spinner while running, then ✓, × or –, with an optional dimmed detail. */
export function StatusLine({ status, text, detail }: { status: Status; text: string; detail?: string }) {
  return (
    <Box>
      {status === 'running' ? <Spinner label="" /> : <Text color={COLOR[status]}>{STEP_GLYPH[status]}</Text>}
      <Text> {text}</Text>
      {detail ? <Text dimColor> — {detail}</Text> : null}
    </Box>
  );
}
