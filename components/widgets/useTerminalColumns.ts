import { useStdout } from 'ink';

/** The terminal's width in columns (80 when the output is not a terminal). */
export function useTerminalColumns(): number {
  const { stdout } = useStdout();
  return (stdout as NodeJS.WriteStream).columns || 80;
}
