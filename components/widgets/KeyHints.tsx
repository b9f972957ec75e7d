import { Box, Text } from 'ink';

export type KeyHint = readonly [key: string, action: string];

export const BACK_HINT: KeyHint = ['Esc', 'back'];
export const QUIT_HINT: KeyHint = ['Ctrl+C', 'quit'];

/** The footer naming the keys that work on this screen: "Enter choose · Esc back · Ctrl+C quit". */
export function KeyHints({ hints }: { hints: readonly KeyHint[] }) {
  return (
    <Box marginTop={1}>
      <Text dimColor>{hints.map(([key, action]) => `${key} ${action}`).join(' · ')}</Text>
    </Box>
  );
}
