/**
 * Redaction for the support bundle, by knowledge first: every value of every Secret the doctor
 * read is searched for in every file, in each encoding it could appear in (raw, JSON-escaped,
 * base64 at any alignment, base64url, URL-encoded), then common token shapes besides (JWTs, AWS
 * keys, PEM blocks, docker `auth` fields, passwords in URLs, Authorization headers). Pure.
 */

/** One value of one Secret, as the doctor read it. */
export interface SecretValue {
  secret: string;
  key: string;
  value: Uint8Array | string;
}

/** A string to search for, and what it stands for (names only). */
export interface Needle {
  text: string;
  label: string;
}

/**
 * Values shorter than this are not searched for: "true" or "1" in a Secret would otherwise be
 * replaced all over the bundle. The README says how many were skipped.
 */
export const MIN_SECRET_LENGTH = 6;
/** A base64 fragment shorter than this says too little to be searched for on its own. */
const MIN_FRAGMENT_LENGTH = 8;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const toUrlAlphabet = (s: string) => s.replace(/\+/g, '-').replace(/\//g, '_');

/**
 * The stretches of base64 that encode `value` whatever bytes come before and after it: for each of
 * the three alignments, the characters that depend on the value's bytes alone.
 */
export function base64Fragments(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const fragment = encoded.slice(start, end);
    if (fragment.length >= MIN_FRAGMENT_LENGTH) out.push(fragment);
  }
  return out;
}

/** The ways a value can be written into a file of the bundle. */
export function encodingsOf(value: string): string[] {
  const out = new Set<string>([value]);
  out.add(JSON.stringify(value).slice(1, -1));
  const uri = encodeURIComponent(value);
  out.add(uri);
  out.add(uri.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
  out.add(uri.replace(/%20/g, '+'));
  for (const v of [value, `${value}\n`, `${value}\r\n`]) {
    const full = b64(v);
    out.add(full);
    out.add(full.replace(/=+$/, ''));
    out.add(toUrlAlphabet(full).replace(/=+$/, ''));
  }
  for (const f of base64Fragments(value)) {
    out.add(f);
    out.add(toUrlAlphabet(f));
  }
  return [...out].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

function asText(v: Uint8Array | string): string {
  return typeof v === 'string' ? v : Buffer.from(v).toString('utf8');
}

/** Credential fields of a docker config.json (any depth). */
const CREDENTIAL_FIELDS = /^(auth|password|identitytoken|registrytoken|token|secret|accesstoken|refreshtoken)$/i;

/** Strings inside a docker config.json that are secret: auth (and the user:password it encodes), passwords, tokens. */
function dockerConfigValues(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (typeof v === 'string' && CREDENTIAL_FIELDS.test(k) && v) {
        out.push(v);
        if (k.toLowerCase() === 'auth') {
          const decoded = Buffer.from(v, 'base64').toString('utf8');
          out.push(decoded);
          const colon = decoded.indexOf(':');
          if (colon >= 0) out.push(decoded.slice(colon + 1));
        }
      } else {
        walk(v);
      }
    }
  };
  walk(parsed);
  return out;
}

/** Values of `name = value` lines (an AWS credentials file, a .env) whose name says secret. */
function assignmentValues(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*([A-Za-z0-9_.-]+)\s*[=:]\s*(\S.*?)\s*$/gm)) {
    if (/key|secret|token|pass|auth|credential/i.test(m[1]!)) out.push(m[2]!.replace(/^["']|["']$/g, ''));
  }
  return out;
}

/** What is searched for, for each Secret value, and how many values were too short to search for. */
export function secretNeedles(values: readonly SecretValue[]): { needles: Needle[]; skippedShort: number } {
  const byText = new Map<string, string>();
  let skippedShort = 0;
  for (const sv of values) {
    const label = `secret ${sv.secret}/${sv.key}`;
    const text = asText(sv.value);
    const plain = new Set<string>([text, text.trim()]);
    // Each line of a PEM (or of any multi-line value): a file may hold the block re-wrapped or cut.
    for (const line of text.split(/\r?\n/)) {
      const t = line.trim();
      if (t && !/^-----(BEGIN|END) /.test(t)) plain.add(t);
    }
    for (const v of dockerConfigValues(text)) plain.add(v);
    for (const v of assignmentValues(text)) plain.add(v);
    for (const v of plain) {
      if (!v.trim()) continue;
      if (v.length < MIN_SECRET_LENGTH) {
        skippedShort++;
        continue;
      }
      for (const e of encodingsOf(v)) if (!byText.has(e)) byText.set(e, label);
    }
  }
  // Longest first: a value's full base64 is replaced whole, not around one of its fragments.
  const needles = [...byText].map(([text, label]) => ({ text, label })).sort((a, b) => b.text.length - a.text.length);
  return { needles, skippedShort };
}

interface Pattern {
  name: string;
  re: RegExp;
  replace: (m: string, ...groups: string[]) => string;
}

const mark = (what: string) => `[REDACTED ${what}]`;

/** Token shapes redacted whether or not the doctor knew the value. Order matters: whole blocks first. */
export const PATTERNS: readonly Pattern[] = [
  {
    name: 'PEM block',
    re: /-----BEGIN ([A-Z0-9 ]{1,40})-----[\s\S]*?-----END \1-----/g,
    replace: (_m, kind) => mark(`PEM ${kind}`),
  },
  {
    name: 'JWT',
    re: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
    replace: () => mark('JWT'),
  },
  {
    name: 'AWS access key id',
    re: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}\b/g,
    replace: () => mark('AWS access key id'),
  },
  {
    name: 'AWS secret',
    re: /\b(aws_secret_access_key|aws_session_token|secretAccessKey|sessionToken|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)(["']?\s*[:=]\s*["']?)([A-Za-z0-9/+=]{16,})/g,
    replace: (_m, key, sep) => `${key}${sep}${mark('AWS secret')}`,
  },
  {
    name: 'auth field',
    re: /("(?:auth|password|identitytoken|registrytoken)"\s*:\s*")((?:[^"\\]|\\.)+)(")/gi,
    replace: (_m, head, _v, tail) => `${head}${mark('auth field')}${tail}`,
  },
  {
    name: 'auth field',
    re: /^(\s*-?\s*(?:auth|password|identitytoken|registrytoken)\s*:[ \t]*)(?!(?:""|'')?\s*$)(?!\[REDACTED)(\S.*)$/gim,
    replace: (_m, head) => `${head}${mark('auth field')}`,
  },
  {
    name: 'password in a URL',
    re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/"'<>]+:)([^\s@/"'<>]+)(@)/gi,
    replace: (_m, head, _pw, at) => `${head}${mark('password')}${at}`,
  },
  {
    name: 'Authorization header',
    // The credential has a digit or a symbol in it: "Basic authentication required" is prose.
    re: /\b(Bearer|Basic)([ \t]+)(?!\[REDACTED)(?=[A-Za-z]*[0-9._~+/=-])[A-Za-z0-9._~+/-]{8,}=*/g,
    replace: (_m, scheme, gap) => `${scheme}${gap}${mark('credentials')}`,
  },
];

/** What one redaction pass removed: label → count. */
export type RedactionCounts = Map<string, number>;

export interface Redactor {
  redact(text: string, counts?: RedactionCounts): string;
  /** Every string inside a JSON-like value, redacted (before it is written as YAML or JSON). */
  redactDeep<T>(value: T, counts?: RedactionCounts): T;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const bump = (counts: RedactionCounts | undefined, label: string) => counts?.set(label, (counts.get(label) ?? 0) + 1);

export function makeRedactor(needles: readonly Needle[]): Redactor {
  const labelOf = new Map(needles.map((n) => [n.text, n.label]));
  const redact = (input: string, counts?: RedactionCounts): string => {
    let text = input;
    // Only the needles this text holds go into the pattern: usually none, so a log costs one scan per needle.
    const present = needles.filter((n) => text.includes(n.text));
    if (present.length) {
      const re = new RegExp(present.map((n) => escapeRegExp(n.text)).join('|'), 'g');
      text = text.replace(re, (m) => {
        const label = labelOf.get(m) ?? 'secret';
        bump(counts, label);
        return mark(label);
      });
    }
    for (const p of PATTERNS) {
      p.re.lastIndex = 0;
      text = text.replace(p.re, (m: string, ...rest: unknown[]) => {
        bump(counts, p.name);
        const groups = rest.slice(0, -2).map((g) => (typeof g === 'string' ? g : ''));
        return p.replace(m, ...groups);
      });
    }
    return text;
  };
  const redactDeep = <T>(value: T, counts?: RedactionCounts): T => {
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return redact(v, counts);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object' && !(v instanceof Date)) {
        return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [redact(k, counts), walk(x)]));
      }
      return v;
    };
    return walk(value) as T;
  };
  return { redact, redactDeep };
}
