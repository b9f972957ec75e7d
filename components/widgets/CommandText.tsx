import { Box, Text } from 'ink';
import { commandGroups, shellWords } from '../../src/shared/text/continuedCommand.js';
import { useTerminalColumns } from './useTerminalColumns.js';

export interface CommandTextProps {
  /** One shell command line, quoted as it should be pasted. */
  command: string;
  /** Columns before the command. */
  indent?: number;
  dimColor?: boolean;
}

/**
 * The lines a command takes on screen: whole when it fits, else broken before each flag with " \",
 * and a flag whose value still does not fit gets the value on a line of its own (deeper indent,
 * less when that is what it takes to fit). Every line break is outside quotes, so it pastes as one.
 */
export function commandLines(command: string, indent: number, columns: number): string[] {
  if (indent + command.length <= columns) return [' '.repeat(indent) + command];
  const pad = (n: number, word: string) => ' '.repeat(Math.max(0, Math.min(n, columns - 2 - word.length)));
  const out: string[] = [];
  commandGroups(command).forEach((group, g) => {
    let line = '';
    for (const word of shellWords(group)) {
      if (!line) line = pad(indent + (g === 0 ? 0 : 4), word) + word;
      else if (line.length + 1 + word.length + 2 <= columns) line += ` ${word}`;
      else {
        out.push(line);
        line = pad(indent + 8, word) + word;
      }
    }
    out.push(line);
  });
  return out.map((l, i) => (i < out.length - 1 ? `${l} \\` : l));
}

/** A command shown for pasting: never wrapped to column 0 by the terminal (see commandLines). */
export function CommandText({ command, indent = 2, dimColor }: CommandTextProps) {
  const columns = useTerminalColumns();
  return (
    <Box flexDirection="column">
      {commandLines(command, indent, columns).map((l, i) => (
        <Text key={i} dimColor={dimColor}>
          {l}
        </Text>
      ))}
    </Box>
  );
}
