import { accept, readInput, reject, type Validation } from './result.js';

const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * Registry user names vary widely (Harbor robots are "robot$project+name", ECR uses "AWS"), so
 * only what would corrupt the `user:password` auth string is refused: a colon, spaces, control
 * characters. The name is not echoed: people paste tokens into the wrong field.
 */
export function validateRegistryUsername(raw: string): Validation<string> {
  const good = 'use the user name you log in to the registry with, like octocat';
  const input = readInput(raw, { what: 'the registry user name', goodValue: good, maxLength: 256 });
  if (!input.ok) return input;
  const s = input.value;
  if (s.includes(':')) return reject(`The registry user name must not contain ":", which separates it from the password.`);
  if (/\s/.test(s) || CONTROL.test(s)) {
    return reject(`The registry user name contains spaces or control characters; ${good}.`);
  }
  return accept(s);
}

/** Passwords and tokens: anything printable on one line. Messages give the length only. */
export function validateRegistryPassword(raw: string): Validation<string> {
  const good = 'use the password or access token for the registry, on a single line';
  const input = readInput(raw, { what: 'the registry password', goodValue: good, maxLength: 8192 });
  if (!input.ok) return input;
  const s = input.value;
  if (CONTROL.test(s)) {
    return reject(`The registry password (${s.length} characters) contains line breaks or control characters; ${good}.`);
  }
  return accept(s);
}
