/**
 * The result every validator returns. Validators never throw: a wizard field or a flag shows
 * `message` (one plain sentence: what is wrong and what a good value looks like) and moves on.
 */
export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

export type Invalid = { ok: false; message: string };

export function accept<T>(value: T): Validation<T> {
  return { ok: true, value };
}

export function reject(message: string): Invalid {
  return { ok: false, message };
}

/** Longest rendering of user input that goes into a message, so huge pastes never flood a screen. */
const QUOTE_LIMIT = 40;

// Control, format (bidi overrides, zero-width), private-use, unassigned and lone-surrogate
// characters, plus line/paragraph separators: all unsafe or invisible on a terminal.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/u;

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };

function escapeChar(ch: string): string {
  const named = NAMED_ESCAPES[ch];
  if (named) return named;
  if (UNPRINTABLE.test(ch)) return `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
  return ch;
}

/**
 * Renders user input for a message: double-quoted, control characters escaped, cut at about 40
 * characters (or `limit`) with the full length noted. Never use it for secret values.
 */
export function quoteInput(input: string, limit = QUOTE_LIMIT): string {
  let out = '';
  let shown = 0;
  for (const ch of input) {
    const escaped = escapeChar(ch);
    if (out.length + escaped.length > limit) break;
    out += escaped;
    shown += ch.length;
  }
  if (shown >= input.length) return `"${out}"`;
  return `"${out}…" (${input.length} characters)`;
}

export interface InputFormat {
  /** What the value is, as it reads mid-sentence: "the AWS account id". */
  what: string;
  /** What a good value looks like, as a clause: "use 12 digits, like 123456789012". */
  goodValue: string;
  /** Longer input is rejected before any pattern runs, so a 1 MB paste costs nothing. */
  maxLength: number;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Common first step: a string, trimmed, not empty, not absurdly long. */
export function readInput(raw: unknown, format: InputFormat): Validation<string> {
  if (typeof raw !== 'string') return reject(`${capitalise(format.what)} is missing; ${format.goodValue}.`);
  const value = raw.trim();
  if (value === '') return reject(`${capitalise(format.what)} is empty; ${format.goodValue}.`);
  if (value.length > format.maxLength) {
    return reject(
      `${capitalise(format.what)} is ${value.length} characters long, more than the ${format.maxLength} allowed; ${format.goodValue}.`,
    );
  }
  return accept(value);
}
