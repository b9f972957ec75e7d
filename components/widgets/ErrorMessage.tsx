import { Box, Text } from 'ink';
import type { Problem } from '../../src/platform/errors.js';
import { problemLines } from '../../src/shared/problem/problemLines.js';

/**
 * What went wrong and what to do next, in the TUI: the same lines problemText prints without a
 * terminal (problemLines), coloured. Pass a Problem (problemOf(e) for anything thrown).
 */
export function ErrorMessage({ debug, ...problem }: Problem & { debug?: boolean }) {
  return (
    <Box flexDirection="column">
      {problemLines(problem, { debug }).map((l, i) => {
        switch (l.kind) {
          case 'message':
            return (
              <Text key={i} color="red">
                × {l.text}
              </Text>
            );
          case 'item':
            return (
              <Text key={i} color="red">
                {'  '}× {l.text}
              </Text>
            );
          case 'next':
            return (
              <Text key={i}>
                {'  '}Next: {l.text}
              </Text>
            );
          case 'debug':
            return (
              <Text key={i} dimColor>
                {l.text}
              </Text>
            );
        }
      })}
    </Box>
  );
}
