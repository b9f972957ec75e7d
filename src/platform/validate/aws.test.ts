import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  awsPartitionOfRegion,
  checkArnMatchesRegion,
  validateAwsAccessKeyId,
  validateAwsAccountId,
  validateAwsRegion,
  validateAwsSecretAccessKey,
  validateRoleArn,
} from './aws.js';

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const upperAlnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const base64Char = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const iamChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-');
const iamName = fc.string({ unit: iamChar, minLength: 1, maxLength: 64 });

const awsRegionArb = fc
  .tuple(
    fc.constantFrom('us', 'eu', 'ap', 'sa', 'ca', 'me', 'af', 'il', 'mx', 'cn', 'eusc'),
    fc.constantFrom('', '-gov', '-iso', '-isob', '-de'),
    fc.constantFrom('north', 'south', 'east', 'west', 'central', 'northeast', 'northwest', 'southeast', 'southwest'),
    fc.integer({ min: 1, max: 99 }),
  )
  .map(([area, sub, dir, n]) => `${area}${sub}-${dir}-${n}`);

describe('validateAwsAccountId', () => {
  it('accepts any 12 digits, trimmed', () => {
    fc.assert(
      fc.property(digits(12), (id) => {
        expect(validateAwsAccountId(` ${id}\n`)).toEqual({ ok: true, value: id });
      }),
    );
  });

  it('accepts the console display form 1234-5678-9012 and removes the dashes', () => {
    expect(validateAwsAccountId('1234-5678-9012')).toEqual({ ok: true, value: '123456789012' });
  });

  it('refuses other lengths and says how many digits were given', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .filter((n) => n !== 12)
          .chain(digits),
        (id) => {
          const r = validateAwsAccountId(id);
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.message).toContain(`has ${id.length} digits`);
        },
      ),
    );
  });

  it('refuses letters', () => {
    expect(validateAwsAccountId('12345678901a').ok).toBe(false);
  });
});

describe('validateAwsRegion', () => {
  it.each([
    'us-east-1',
    'eu-central-2',
    'ap-southeast-5',
    'us-gov-west-1',
    'cn-north-1',
    'cn-northwest-1',
    'il-central-1',
    'mx-central-1',
    'us-isob-east-1',
    'eusc-de-east-1',
  ])('accepts %s', (region) => expect(validateAwsRegion(region)).toEqual({ ok: true, value: region }));

  it('accepts generated region codes', () => {
    // Every well-formed code is accepted when its partition is known, and refused saying so when not.
    fc.assert(
      fc.property(awsRegionArb, (r) => {
        const v = validateAwsRegion(r);
        if (awsPartitionOfRegion(r) !== undefined) expect(v.ok).toBe(true);
        else expect(!v.ok && v.message).toContain('partition of region');
      }),
    );
  });

  it('refuses a region without its number', () => {
    const r = validateAwsRegion('us-east');
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.message).toContain('no number');
  });

  it('refuses uppercase and suggests the lowercase code', () => {
    const r = validateAwsRegion('US-EAST-1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('lowercase: us-east-1');
  });

  it('refuses an availability zone and names its region', () => {
    const r = validateAwsRegion('us-east-1a');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/availability zone.*region us-east-1 /);
  });

  it.each(['east-1', 'us-east-0', 'us-up-1', 'us-east-1 ; rm -rf /', 'us_east_1'])('refuses %j', (bad) => {
    expect(validateAwsRegion(bad).ok).toBe(false);
  });
});

describe('validateRoleArn', () => {
  it('parses partition, account, path and role name', () => {
    expect(validateRoleArn('arn:aws:iam::123456789012:role/pro-builder-ecr')).toEqual({
      ok: true,
      value: {
        arn: 'arn:aws:iam::123456789012:role/pro-builder-ecr',
        partition: 'aws',
        accountId: '123456789012',
        path: '/',
        roleName: 'pro-builder-ecr',
      },
    });
    const withPath = validateRoleArn(' arn:aws-us-gov:iam::000000000001:role/service-role/team/builder ');
    expect(withPath).toMatchObject({ ok: true, value: { partition: 'aws-us-gov', path: '/service-role/team/', roleName: 'builder' } });
  });

  it('accepts generated role ARNs in every partition and returns their parts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('aws', 'aws-cn', 'aws-us-gov'),
        digits(12),
        fc.array(fc.string({ unit: iamChar, minLength: 1, maxLength: 20 }), { maxLength: 3 }),
        iamName,
        (partition, account, segments, name) => {
          const path = segments.length ? `${segments.join('/')}/` : '';
          const r = validateRoleArn(`arn:${partition}:iam::${account}:role/${path}${name}`);
          expect(r).toMatchObject({ ok: true, value: { partition, accountId: account, roleName: name, path: `/${path}` } });
        },
      ),
    );
  });

  it.each([
    ['not an arn', 'pro-builder-ecr', /is not an ARN/],
    ['other partition', 'arn:aws-mars:iam::123456789012:role/x', /partition "aws-mars"/],
    ['sts assumed role', 'arn:aws:sts::123456789012:assumed-role/x/session', /assumed-role session/],
    ['region present', 'arn:aws:iam:us-east-1:123456789012:role/x', /has no region/],
    ['short account', 'arn:aws:iam::12345:role/x', /exactly 12 digits/],
    ['a user', 'arn:aws:iam::123456789012:user/alice', /IAM "user", but IRSA needs a role/],
    ['no name', 'arn:aws:iam::123456789012:role/', /no role name/],
    ['name too long', `arn:aws:iam::123456789012:role/${'a'.repeat(65)}`, /65 characters long/],
    ['bad name chars', 'arn:aws:iam::123456789012:role/a$b', /may only hold/],
    ['empty path segment', 'arn:aws:iam::123456789012:role/a//b', /not a valid IAM path/],
  ])('refuses %s', (_label, arn, message) => {
    const r = validateRoleArn(arn);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('validateAwsAccessKeyId', () => {
  it('accepts AKIA and ASIA ids', () => {
    fc.assert(
      fc.property(fc.constantFrom('AKIA', 'ASIA'), fc.string({ unit: upperAlnum, minLength: 16, maxLength: 16 }), (p, rest) => {
        expect(validateAwsAccessKeyId(p + rest)).toEqual({ ok: true, value: p + rest });
      }),
    );
  });

  it('recognises a secret key pasted into the id field and does not repeat it', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const r = validateAwsAccessKeyId(secret);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('looks like a secret access key');
      expect(r.message).not.toContain(secret);
    }
  });

  it.each(['AKIA123', 'AKIAabcdefghijklmnop', 'XKIAIOSFODNN7EXAMPLE'])('refuses %j', (bad) => {
    expect(validateAwsAccessKeyId(bad).ok).toBe(false);
  });
});

describe('validateAwsSecretAccessKey', () => {
  it('accepts 40 base64 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: base64Char, minLength: 40, maxLength: 40 }), (k) => {
        expect(validateAwsSecretAccessKey(k)).toEqual({ ok: true, value: k });
      }),
    );
  });

  it('never puts the value, or any 8-character piece of it, in the message', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 200 }), (k) => {
        const r = validateAwsSecretAccessKey(k);
        if (r.ok) return;
        const trimmed = k.trim();
        for (let i = 0; i + 8 <= trimmed.length; i++) {
          const piece = trimmed.slice(i, i + 8);
          if (!/^[ a-z.,;()]+$/i.test(piece)) expect(r.message).not.toContain(piece);
        }
      }),
    );
  });

  it('says the length when it is wrong', () => {
    const r = validateAwsSecretAccessKey('x'.repeat(39));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('39 characters long');
  });

  it('recognises an access key id in the secret field', () => {
    const r = validateAwsSecretAccessKey('AKIAIOSFODNN7EXAMPLE');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('looks like an access key id');
  });
});

describe('AWS partitions', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eusc-de-east-1', 'aws-eusc'],
  ])('%s is in %s', (region, partition) => {
    expect(awsPartitionOfRegion(region)).toBe(partition);
    expect(validateAwsRegion(region).ok).toBe(true);
  });

  it('refuses a region whose partition it does not know, instead of guessing', () => {
    expect(awsPartitionOfRegion('us-isoz-east-1')).toBeUndefined();
    const v = validateAwsRegion('us-isoz-east-1');
    expect(v.ok).toBe(false);
    expect(!v.ok && v.message).toContain('partition of region "us-isoz-east-1" is not known');
  });

  it('refuses a role ARN of another partition than the region, naming the matching one', () => {
    const arn = validateRoleArn('arn:aws:iam::123456789012:role/pb');
    if (!arn.ok) throw new Error(arn.message);
    const v = checkArnMatchesRegion(arn.value, 'cn-north-1');
    expect(v.ok).toBe(false);
    expect(!v.ok && v.message).toBe(
      'The role ARN is in partition aws, but region cn-north-1 is in partition aws-cn; use a role ARN that starts with arn:aws-cn:iam::, or a region of aws.',
    );
    expect(checkArnMatchesRegion(arn.value, 'eu-west-1').ok).toBe(true);
    const cn = validateRoleArn('arn:aws-cn:iam::123456789012:role/pb');
    expect(cn.ok && checkArnMatchesRegion(cn.value, 'cn-northwest-1').ok).toBe(true);
    expect(validateRoleArn('arn:aws-iso-b:iam::123456789012:role/pb').ok).toBe(true);
  });
});
