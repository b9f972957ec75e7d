import { Box, Text } from 'ink';

/** Aligned "label  value" rows, e.g. the cluster facts to confirm; long values wrap in their column. */
export function KeyValueList({ rows }: { rows: readonly (readonly [string, string])[] }) {
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return (
    <Box flexDirection="column">
      {rows.map(([k, v]) => (
        <Box key={k}>
          <Box width={width} flexShrink={0}>
            <Text dimColor>{k}</Text>
          </Box>
          <Text>{v}</Text>
        </Box>
      ))}
    </Box>
  );
}
