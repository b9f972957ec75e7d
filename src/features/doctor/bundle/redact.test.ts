import { describe, expect, it } from 'vitest';
import { base64Fragments, makeRedactor, secretNeedles, type SecretValue } from './redact.js';

const PASSWORD = 'ghp_S3cr3t/Pa+ss:word=42';
const PAYLOAD = 'c2lnbmluZy1zZWNyZXQtZm9yLXRoZS1idW5kbGUtdGVzdA==';
const LICENSE = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJidW5kbGUifQ.c2lnbmF0dXJlLW9mLWxpY2Vuc2U';
const AWS_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const KEY_LINES = [
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
  'MYT7oYkFpZM3kP+Z8eG2vhFHnCRz6L3WfN6ZKdUZ1t9Gw7Aj8sdFzQ0p4mR2Ab3c',
];
const PEM = `-----BEGIN PRIVATE KEY-----\n${KEY_LINES.join('\n')}\n-----END PRIVATE KEY-----\n`;
const auth = Buffer.from(`octocat:${PASSWORD}`).toString('base64');
const CONFIG = JSON.stringify({ auths: { 'ghcr.io': { auth } } });

const SECRETS: SecretValue[] = [
  { secret: 'registry-secret', key: 'config.json', value: Buffer.from(CONFIG) },
  { secret: 'payload-secret', key: 'payload-secret', value: PAYLOAD },
  { secret: 'openfaas-license', key: 'license', value: `${LICENSE}\n` },
  {
    secret: 'aws-ecr-credentials',
    key: 'aws-ecr-credentials',
    value: `[default]\naws_access_key_id = ${AWS_ID}\naws_secret_access_key = ${AWS_SECRET}\n`,
  },
  { secret: 'buildkit-client-certs', key: 'client.key', value: PEM },
];

const b64 = (s: string) => Buffer.from(s).toString('base64');
const { needles } = secretNeedles(SECRETS);
const redactor = makeRedactor(needles);

describe('redaction by knowledge: every value in every encoding', () => {
  const values = [PASSWORD, PAYLOAD, LICENSE, AWS_ID, AWS_SECRET, auth, ...KEY_LINES];
  const encodings: [string, (v: string) => string][] = [
    ['raw', (v) => `value ${v} end`],
    ['base64', (v) => `data: ${b64(v)}`],
    ['base64 with a newline', (v) => `data: ${b64(`${v}\n`)}`],
    ['base64 inside a longer blob', (v) => b64(`prefix-${v}-suffix`)],
    ['base64 one byte along', (v) => b64(`x${v}yy`)],
    ['base64 two bytes along', (v) => b64(`xy${v}z`)],
    ['URL-encoded', (v) => `https://host/?token=${encodeURIComponent(v)}`],
    ['inside a URL', (v) => `https://octocat:${v}@registry.example.com/v2/`],
    ['JSON-escaped', (v) => JSON.stringify({ v })],
  ];
  for (const v of values) {
    for (const [name, encode] of encodings) {
      it(`${v.slice(0, 12)}… ${name}`, () => {
        const out = redactor.redact(encode(v));
        expect(out).not.toContain(v);
        for (const e of [b64(v), encodeURIComponent(v), ...base64Fragments(v)]) expect(out).not.toContain(e);
        expect(out).toContain('[REDACTED');
      });
    }
  }

  it('labels what it removed with the secret name and key only, and counts it', () => {
    const counts = new Map<string, number>();
    const out = redactor.redact(`start ${PAYLOAD} and ${b64(PAYLOAD)} end`, counts);
    expect(out).toBe('start [REDACTED secret payload-secret/payload-secret] and [REDACTED secret payload-secret/payload-secret] end');
    expect(counts.get('secret payload-secret/payload-secret')).toBe(2);
  });

  it('decodes the docker auth field to find the password on its own', () => {
    expect(needles.some((n) => n.text === PASSWORD && n.label === 'secret registry-secret/config.json')).toBe(true);
    expect(needles.some((n) => n.text === 'octocat')).toBe(false);
  });

  it('skips values too short to search for, and says how many', () => {
    const r = secretNeedles([{ secret: 's', key: 'k', value: 'true' }]);
    expect(r.needles).toEqual([]);
    expect(r.skippedShort).toBe(1);
  });

  it('redacts strings inside objects, keys included', () => {
    const out = redactor.redactDeep({ a: [PASSWORD, 3, null], [PAYLOAD]: { b: `x${LICENSE}` }, n: 1 });
    expect(JSON.stringify(out)).not.toMatch(/ghp_|c2lnbmluZy|eyJ/);
    expect(out.n).toBe(1);
  });
});

describe('redaction by pattern: token shapes the doctor did not read', () => {
  const none = makeRedactor([]);
  const table: [string, string, string][] = [
    ['JWT', 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.abcdEFGH123 end', 'token [REDACTED JWT] end'],
    ['AWS access key id', 'key=AKIAABCDEFGHIJKLMNOP,', 'key=[REDACTED AWS access key id],'],
    ['AWS secret', 'aws_secret_access_key = abcdEFGH1234/ijklMNOP5678+qrst', 'aws_secret_access_key = [REDACTED AWS secret]'],
    [
      'PEM block',
      'a\n-----BEGIN RSA PRIVATE KEY-----\nMIIB\nabc\n-----END RSA PRIVATE KEY-----\nb',
      'a\n[REDACTED PEM RSA PRIVATE KEY]\nb',
    ],
    [
      'PEM block, escaped newlines',
      '"k":"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n"',
      '"k":"[REDACTED PEM CERTIFICATE]\\n"',
    ],
    ['auth field (JSON)', '{"auths":{"r":{"auth":"dXNlcjpwYXNz"}}}', '{"auths":{"r":{"auth":"[REDACTED auth field]"}}}'],
    ['password field (JSON)', '{"password": "hunter2"}', '{"password": "[REDACTED auth field]"}'],
    ['auth field (YAML)', 'x:\n  auth: dXNlcjpwYXNz\n', 'x:\n  auth: [REDACTED auth field]\n'],
    ['empty auth field stays', 'auth: ""\n', 'auth: ""\n'],
    [
      'password in a URL',
      'pull https://bob:s3cr3t@registry.example.com/v2',
      'pull https://bob:[REDACTED password]@registry.example.com/v2',
    ],
    ['Authorization header', 'Authorization: Bearer abc.def-ghi_jkl', 'Authorization: Bearer [REDACTED credentials]'],
    ['Basic credentials', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Authorization: Basic [REDACTED credentials]'],
    ['prose about authentication untouched', 'Basic authentication required', 'Basic authentication required'],
    ['plain text untouched', 'level=info msg="running server on 127.0.0.1:1234"', 'level=info msg="running server on 127.0.0.1:1234"'],
    ['URL without credentials untouched', 'https://openfaas.github.io/faas-netes/', 'https://openfaas.github.io/faas-netes/'],
  ];
  for (const [name, input, expected] of table) {
    it(name, () => {
      expect(none.redact(input)).toBe(expected);
    });
  }
});
