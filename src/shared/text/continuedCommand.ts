/**
 * A shell-quoted command (as displayCommand makes it) broken before each flag with " \" and an
 * indent, so it stays readable in a narrow terminal and still pastes as one command. Spaces inside
 * single or double quotes never break; a flag keeps its value on its line.
 */
export function continuedCommand(command: string, indent = '    '): string {
  return commandGroups(command).join(` \\\n${indent}`);
}

/** The command's words, split at spaces outside quotes (quotes and escapes kept as typed). */
export function shellWords(command: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | undefined;
  let escaped = false;
  for (const ch of command) {
    if (escaped) {
      // A backslash outside single quotes (the \' in '\'') makes the next character literal.
      current += ch;
      escaped = false;
      continue;
    }
    if (ch === '\\' && quote !== "'") escaped = true;
    else if (ch === "'" || ch === '"') quote = quote === undefined ? ch : quote === ch ? undefined : quote;
    if (ch === ' ' && quote === undefined) {
      if (current) tokens.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current) tokens.push(current);
  return tokens;
}

/** The command in groups of words: the command with its arguments, then each flag with its values. */
export function commandGroups(command: string): string[] {
  const lines: string[] = [];
  for (const token of shellWords(command)) {
    if (lines.length === 0 || token.startsWith('-')) lines.push(token);
    else lines[lines.length - 1] += ` ${token}`;
  }
  return lines;
}
