/**
 * Properties every validator shares: hostile input of any kind never throws, and the message is
 * one short, printable sentence that never dumps the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseDuration,
  validateAwsAccessKeyId,
  validateAwsAccountId,
  validateAwsRegion,
  validateAwsSecretAccessKey,
  validateMaxInflight,
  validateNamespace,
  validateQuantity,
  validateReadableFile,
  validateRegistryPassword,
  validateRegistryServer,
  validateRegistryUsername,
  validateReleaseName,
  validateReplicas,
  validateRoleArn,
  validateSecretName,
  validateChartReference,
  validateChartVersion,
  validateOutputPath,
  type Validation,
} from './index.js';

type Check = (s: string) => Validation<unknown>;

const validators: Record<string, Check> = {
  validateAwsAccountId,
  validateAwsRegion,
  validateRoleArn,
  validateAwsAccessKeyId,
  validateAwsSecretAccessKey,
  validateRegistryServer,
  validateRegistryUsername,
  validateRegistryPassword,
  validateNamespace,
  validateReleaseName,
  validateSecretName,
  parseDuration,
  'validateQuantity(cpu)': (s) => validateQuantity('cpu', s),
  'validateQuantity(memory)': (s) => validateQuantity('memory', s),
  validateMaxInflight,
  validateReplicas,
  validateChartReference,
  validateChartVersion,
  validateOutputPath: (s) => validateOutputPath(s, 'the output folder'),
};

/** Values that must never be echoed, not even in part. */
const secretValidators = new Set([
  'validateAwsAccessKeyId',
  'validateAwsSecretAccessKey',
  'validateRegistryUsername',
  'validateRegistryPassword',
]);

function expectGoodMessage(r: Validation<unknown>): void {
  if (r.ok) return;
  expect(r.message.length).toBeGreaterThan(10);
  expect(r.message.length).toBeLessThan(300);
  expect(r.message).toMatch(/^[A-Z"]/);
  expect(r.message).toMatch(/[.?]$/);
  expect(r.message).not.toMatch(/[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u);
}

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...';|&$`\n\r\t\0 "\'\\<>(){}*?!#~'), maxLength: 50 }),
  fc.string({ size: 'large' }),
);

const huge = [
  'a'.repeat(1_000_000),
  '1'.repeat(1_000_000),
  'line\n'.repeat(200_000),
  '\u202E'.repeat(300_000),
  'https://'.repeat(125_000),
  `arn:aws:iam::123456789012:role/${'a/'.repeat(500_000)}`,
];

describe.each(Object.entries(validators))('%s', (name, check) => {
  it('never throws on arbitrary strings and answers with one short printable sentence', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        expectGoodMessage(check(s));
      }),
      { numRuns: 300 },
    );
  });

  // No stopwatch (a busy machine makes any bound flaky): a pattern that backtracks on a megabyte
  // takes minutes, far past the test's timeout.
  it('handles 1 MB inputs without backtracking or echoing them', () => {
    for (const s of huge) {
      const r = check(s);
      expect(r.ok).toBe(false);
      expectGoodMessage(r);
    }
  });

  it('trims a megabyte of surrounding whitespace without backtracking', () => {
    const r = check(`${' '.repeat(500_000)}x\n${'\t'.repeat(500_000)}`);
    expectGoodMessage(r);
  });

  it('never throws on values that are not strings', () => {
    for (const v of [undefined, null, 42, {}, [], Symbol('x')]) {
      expectGoodMessage(check(v as unknown as string));
    }
  });

  if (secretValidators.has(name)) {
    it('never repeats the input', () => {
      fc.assert(
        fc.property(
          fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/\n:$ '), minLength: 12, maxLength: 120 }),
          (s) => {
            const r = check(s);
            if (!r.ok) expect(r.message).not.toContain(s.trim().slice(0, 12));
          },
        ),
      );
    });
  }
});

/** Formats that can never hold a shell metacharacter, each with a generator of valid values. */
const strictFormats: [string, Check, fc.Arbitrary<string>][] = [
  ['validateAwsAccountId', validateAwsAccountId, fc.stringMatching(/^\d{12}$/)],
  ['validateAwsRegion', validateAwsRegion, fc.constantFrom('us-east-1', 'eu-central-2', 'us-gov-west-1', 'cn-north-1', 'ap-southeast-5')],
  ['validateRoleArn', validateRoleArn, fc.stringMatching(/^arn:aws:iam::\d{12}:role\/[a-z]{1,5}\/[A-Za-z0-9_-]{1,20}$/)],
  ['validateAwsAccessKeyId', validateAwsAccessKeyId, fc.stringMatching(/^AKIA[A-Z0-9]{16}$/)],
  ['validateAwsSecretAccessKey', validateAwsSecretAccessKey, fc.stringMatching(/^[A-Za-z0-9+/]{40}$/)],
  ['validateRegistryServer', validateRegistryServer, fc.stringMatching(/^[a-z]{1,10}\.[a-z]{2,5}(:[1-9]\d{0,3})?$/)],
  ['validateNamespace', validateNamespace, fc.stringMatching(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/)],
  ['validateReleaseName', validateReleaseName, fc.stringMatching(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/)],
  [
    'validateSecretName',
    validateSecretName,
    fc.stringMatching(/^[a-z][a-z0-9.-]{0,30}[a-z0-9]$/).filter((s) => !s.includes('..') && !/[.-]\.|\.-/.test(s)),
  ],
  ['parseDuration', parseDuration, fc.constantFrom('90s', '5m', '1h30m', '2m30s', '300')],
  ['validateQuantity(cpu)', validators['validateQuantity(cpu)']!, fc.constantFrom('500m', '2', '1.5', '250m')],
  ['validateQuantity(memory)', validators['validateQuantity(memory)']!, fc.constantFrom('2Gi', '512Mi', '1G', '1500M')],
  ['validateMaxInflight', validateMaxInflight, fc.integer({ min: 10, max: 999 }).map(String)],
  ['validateReplicas', validateReplicas, fc.integer({ min: 10, max: 99 }).map(String)],
];

const metacharacters = [
  ';',
  '|',
  '&',
  '$',
  '`',
  '\n',
  '\r',
  '\t',
  ' ',
  '<',
  '>',
  '(',
  ')',
  '{',
  '}',
  "'",
  '"',
  '\\',
  '*',
  '?',
  '!',
  '#',
  '\0',
];

describe.each(strictFormats)('%s with shell metacharacters', (_name, check, valid) => {
  it('accepts the generated valid values', () => {
    fc.assert(
      fc.property(valid, (s) => {
        expect(check(s).ok).toBe(true);
      }),
    );
  });

  it('refuses a metacharacter or inner whitespace placed anywhere inside', () => {
    fc.assert(
      fc.property(
        valid.filter((s) => s.length >= 2),
        fc.constantFrom(...metacharacters),
        fc.nat(),
        (s, ch, at) => {
          const i = 1 + (at % (s.length - 1));
          expect(check(s.slice(0, i) + ch + s.slice(i)).ok).toBe(false);
        },
      ),
    );
  });

  it('refuses a metacharacter appended or prepended (whitespace aside, which is trimmed)', () => {
    for (const ch of metacharacters.filter((c) => c.trim() !== '' && c !== '\0')) {
      const s = fc.sample(valid, 1)[0]!;
      expect(check(`${s}${ch}`).ok).toBe(false);
      expect(check(`${ch}${s}`).ok).toBe(false);
    }
  });
});

describe('validateReadableFile', () => {
  it('never throws on arbitrary paths and answers with a short sentence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), async (s) => {
        expectGoodMessage(await validateReadableFile(`/nonexistent-pbs/${s}`));
      }),
      { numRuns: 100 },
    );
  });
});
