/**
 * A shell-quoted command (as displayCommand makes it) broken before each flag with " \" and an
 * indent, so it stays readable in a narrow terminal and still pastes as one command. Spaces inside
 * single quotes never break; a flag keeps its value on its line.
 */
export function continuedCommand(command: string, indent = '    '): string {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  let escaped = false;
  for (const ch of command) {
    if (escaped) {
      // A backslash outside quotes (the \' in '\'') makes the next character literal.
      current += ch;
      escaped = false;
      continue;
    }
    if (ch === '\\' && !quoted) escaped = true;
    if (ch === "'" && !escaped) quoted = !quoted;
    if (ch === ' ' && !quoted) {
      if (current) tokens.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current) tokens.push(current);
  const lines: string[] = [];
  for (const token of tokens) {
    if (lines.length === 0 || token.startsWith('-')) lines.push(token);
    else lines[lines.length - 1] += ` ${token}`;
  }
  return lines.join(` \\\n${indent}`);
}
