import { Box } from 'ink';
import { WrappedText } from './WrappedText.js';

export interface OutcomeSummaryProps {
  /** The summary's lines: the first carries ✓ or × in the outcome's colour, the rest follow plain. */
  lines: readonly string[];
  ok: boolean;
  color: string;
  marginTop?: number;
}

/** How a command's screen ends: one coloured verdict line, then its details (wrapped indented, paths whole). */
export function OutcomeSummary({ lines, ok, color, marginTop }: OutcomeSummaryProps) {
  const [first, ...rest] = lines;
  return (
    <Box marginTop={marginTop} flexDirection="column">
      <WrappedText color={color}>{`${ok ? '✓' : '×'} ${first}`}</WrappedText>
      {rest.map((l, i) => (
        <WrappedText key={i}>{l}</WrappedText>
      ))}
    </Box>
  );
}
