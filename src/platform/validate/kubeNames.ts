import { accept, capitalise, quoteInput, readInput, reject, type Validation } from './result.js';

const LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;

function isSubdomain(s: string): boolean {
  return s.split('.').every((label) => LABEL.test(label));
}

/** Lowercase, underscores and spaces to '-', other characters dropped: a suggestion only. */
function suggestion(s: string, allowDots: boolean): string {
  const keep = allowDots ? /[^a-z0-9.-]/g : /[^a-z0-9-]/g;
  return s
    .toLowerCase()
    .replace(/[_\s]+/g, '-')
    .replace(keep, '')
    .replace(/^[-.]+|[-.]+$/g, '');
}

interface NameRule {
  what: string;
  rule: string;
  example: string;
  maxLength: number;
  allowDots: boolean;
}

function validateName(raw: string, r: NameRule): Validation<string> {
  const good = `use ${r.rule}, at most ${r.maxLength} characters, like ${r.example}`;
  const input = readInput(raw, { what: r.what, goodValue: good, maxLength: r.maxLength });
  if (!input.ok) return input;
  const s = input.value;
  if (r.allowDots ? isSubdomain(s) : LABEL.test(s)) return accept(s);
  const fix = suggestion(s, r.allowDots);
  const valid = fix !== '' && fix.length <= r.maxLength && (r.allowDots ? isSubdomain(fix) : LABEL.test(fix));
  if (valid && fix !== s) {
    return reject(`${capitalise(r.what)} ${quoteInput(s)} is not valid; ${r.rule} are allowed, so try ${quoteInput(fix)}.`);
  }
  return reject(`${capitalise(r.what)} ${quoteInput(s)} is not valid; ${good}.`);
}

/** A namespace is a DNS-1123 label. */
export function validateNamespace(raw: string): Validation<string> {
  return validateName(raw, {
    what: 'the namespace',
    rule: 'lowercase letters, digits and "-" (starting and ending with a letter or digit)',
    example: 'openfaas',
    maxLength: 63,
    allowDots: false,
  });
}

/** Helm release names: a DNS-1123 subdomain of at most 53 characters (helm's own limit). */
export function validateReleaseName(raw: string): Validation<string> {
  return validateName(raw, {
    what: 'the release name',
    rule: 'lowercase letters, digits, "-" and "." (each part starting and ending with a letter or digit)',
    example: 'pro-builder',
    maxLength: 53,
    allowDots: true,
  });
}

/** Secret names: a DNS-1123 subdomain of at most 253 characters. */
export function validateSecretName(raw: string): Validation<string> {
  return validateName(raw, {
    what: 'the secret name',
    rule: 'lowercase letters, digits, "-" and "." (each part starting and ending with a letter or digit)',
    example: 'registry-secret',
    maxLength: 253,
    allowDots: true,
  });
}
