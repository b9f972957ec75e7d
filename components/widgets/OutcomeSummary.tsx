import { Box, Text } from 'ink';

export interface OutcomeSummaryProps {
  /** The summary's lines: the first carries ✓ or × in the outcome's colour, the rest follow plain. */
  lines: readonly string[];
  ok: boolean;
  color: string;
  marginTop?: number;
}

/** How a command's screen ends: one coloured verdict line, then its details. */
export function OutcomeSummary({ lines, ok, color, marginTop }: OutcomeSummaryProps) {
  const [first, ...rest] = lines;
  return (
    <Box marginTop={marginTop} flexDirection="column">
      <Text color={color}>
        {ok ? '✓' : '×'} {first}
      </Text>
      {rest.map((l, i) => (
        <Text key={i}>{l}</Text>
      ))}
    </Box>
  );
}
