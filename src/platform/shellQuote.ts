/** Words a POSIX shell reads as themselves: nothing to quote. */
const PLAIN = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** One word for a command shown to the user (never executed): single-quoted unless it is plain. */
export function shellQuote(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line for users to read or paste, every word quoted as needed. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
