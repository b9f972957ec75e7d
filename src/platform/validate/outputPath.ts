import { accept, capitalise, quoteInput, reject, type Validation } from './result.js';

/** Linux's PATH_MAX: longer paths fail in every system call anyway. */
export const MAX_PATH_LENGTH = 4096;

const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;

/**
 * A path this tool will create or write (output folder, values file, IAM policy file). Checked
 * before anything runs: empty, absurdly long or holding control characters (newlines, NUL, ESC)
 * is refused with one sentence, instead of an ENAMETOOLONG from deep inside a write.
 */
export function validateOutputPath(raw: string, what: string): Validation<string> {
  const good = 'give a path without control characters, like ./out';
  if (typeof raw !== 'string' || raw.trim() === '') return reject(`${capitalise(what)} is empty; ${good}.`);
  if (raw.length > MAX_PATH_LENGTH)
    return reject(`${capitalise(what)} is ${raw.length} characters long, more than the ${MAX_PATH_LENGTH} a path may have.`);
  const bad = [...raw].find((ch) => CONTROL.test(ch));
  if (bad) return reject(`${capitalise(what)} ${quoteInput(raw)} contains the control character ${quoteInput(bad)}; ${good}.`);
  return accept(raw);
}

/**
 * The values file goes to helm as `--values <path>`, a list flag that helm parses as one CSV line:
 * a comma splits the path into two files and a double quote starts CSV quoting. Such a path cannot
 * reach helm intact, so it is refused here rather than read wrongly there.
 */
export function validateHelmValuesPath(raw: string): Validation<string> {
  const path = validateOutputPath(raw, 'the values file');
  if (!path.ok) return path;
  if (/[,"]/.test(raw)) {
    return reject(
      `The values file ${quoteInput(raw)} contains "," or a double quote, which helm's --values reads as a list separator or CSV quoting; choose a path without them.`,
    );
  }
  return path;
}
