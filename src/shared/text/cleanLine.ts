// Helm output and API messages may carry terminal escapes; what we print must never drive the terminal.
const CONTROL = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Built on first use: a Unicode property regex costs start-up time that screens before any output need not pay. */
let formatCharacters: RegExp | undefined;

/**
 * Removes format characters (\p{Cf}: bidi overrides, zero-width joiners) and line/paragraph
 * separators, which can make printed text read differently from what it is, as the CLI's input checks do.
 */
export function stripFormatCharacters(text: string): string {
  // Plain ASCII (nearly every line) has none: skip the Unicode regex.
  if (!/[^\x00-\x7f]/.test(text)) return text;
  formatCharacters ??= /[\p{Cf}\p{Zl}\p{Zp}]/gu;
  return text.replace(formatCharacters, '');
}

/** Text from helm, the API server or a pod, made safe to print: terminal escapes, control and format characters removed. */
export function cleanLine(text: string): string {
  return stripFormatCharacters(text.replace(CONTROL, ''));
}
