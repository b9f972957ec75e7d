import { Box, Text } from 'ink';
import { hangingWrap } from '../../src/shared/text/hangingWrap.js';
import { useTerminalColumns } from './useTerminalColumns.js';

export interface WrappedTextProps {
  children: string;
  color?: string;
  dimColor?: boolean;
  bold?: boolean;
  /** Columns to the left of this text (an enclosing Box's padding). */
  offset?: number;
}

/**
 * One line of text that, when the terminal is too narrow, wraps with its continuation lines
 * indented (under the text after its marker) instead of at column 0, and never cuts a path or an
 * image name in the middle (see hangingWrap).
 */
export function WrappedText({ children, color, dimColor, bold, offset = 0 }: WrappedTextProps) {
  const columns = useTerminalColumns();
  const { lines } = hangingWrap(children, columns - offset);
  if (lines.length === 1) {
    return (
      <Text color={color} dimColor={dimColor} bold={bold}>
        {lines[0]}
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <Text key={i} color={color} dimColor={dimColor} bold={bold}>
          {l}
        </Text>
      ))}
    </Box>
  );
}
