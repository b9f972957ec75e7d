import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awsCredentialsIni, parseAwsCredentialsIni } from './awsCredentials.js';

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const codes = (text: string) => parseAwsCredentialsIni(text).problems.map((p) => p.code);

describe('awsCredentialsIni', () => {
  it('writes a [default] profile the parser accepts', () => {
    const text = awsCredentialsIni(KEY_ID, SECRET);
    expect(text).toBe(`[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`);
    expect(parseAwsCredentialsIni(text)).toEqual({ ok: true, profiles: ['default'], hasDefault: true, problems: [] });
  });

  it('round-trips generated keys', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^AKIA[A-Z0-9]{16}$/), fc.stringMatching(/^[A-Za-z0-9+/]{40}$/), (id, secret) => {
        expect(parseAwsCredentialsIni(awsCredentialsIni(id, secret)).ok).toBe(true);
      }),
    );
  });

  it('refuses values that would break the file, without naming them', () => {
    expect(() => awsCredentialsIni(KEY_ID, `${SECRET}\n[evil]`)).toThrow(/secret access key/);
    expect(() => awsCredentialsIni(KEY_ID, SECRET, 'de]fault')).toThrow(/profile name/);
    try {
      awsCredentialsIni(KEY_ID, `${SECRET}\n`);
    } catch (e) {
      expect(String(e)).not.toContain(SECRET);
    }
  });
});

describe('parseAwsCredentialsIni', () => {
  it('reads the format of the chart README (key=value, no spaces), comments and CRLF', () => {
    const text = `# ecr\r\n[default]\r\naws_access_key_id=${KEY_ID}\r\n; note\r\naws_secret_access_key=${SECRET}\r\n\r\n[other]\r\nregion = eu-west-1\r\n`;
    expect(parseAwsCredentialsIni(text)).toEqual({ ok: true, profiles: ['default', 'other'], hasDefault: true, problems: [] });
  });

  it('ignores nested settings under an empty key', () => {
    const text = `[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\ns3 =\n  max_concurrent_requests = 20\n`;
    expect(parseAwsCredentialsIni(text).problems).toEqual([]);
  });

  it.each([
    ['', ['ini-unparsable']],
    ['just some text', ['ini-unparsable']],
    [`aws_access_key_id = ${KEY_ID}`, ['ini-unparsable']],
    [`[default]\naws_access_key_id = ${KEY_ID}\nthis is not ini\naws_secret_access_key = ${SECRET}`, ['ini-unparsable']],
    [`[prod]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}`, ['no-default-profile']],
    [`[default]\naws_secret_access_key = ${SECRET}`, ['missing-access-key-id']],
    [`[default]\naws_access_key_id = ${KEY_ID}`, ['missing-secret-access-key']],
    [`[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key =`, ['missing-secret-access-key']],
    [`[default]\naws_access_key_id = notakey\naws_secret_access_key = ${SECRET}`, ['bad-access-key-id']],
    [`[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = short`, ['bad-secret-access-key']],
    [`[default]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}`, ['missing-session-token']],
    [
      `[default]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\naws_session_token = abc`,
      ['temporary-credentials'],
    ],
  ])('reports %j as %j', (text, expected) => {
    expect(codes(text)).toEqual(expected);
  });

  it('fails on everything but the session-token warning', () => {
    expect(
      parseAwsCredentialsIni(
        `[default]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\naws_session_token = abc`,
      ).ok,
    ).toBe(true);
    expect(parseAwsCredentialsIni(`[prod]\naws_access_key_id = ${KEY_ID}`).ok).toBe(false);
  });

  it('never repeats a value, only profile names, key names, lengths and line numbers', () => {
    const value = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij0123456789+/'), minLength: 8, maxLength: 60 });
    fc.assert(
      fc.property(value, value, fc.constantFrom('default', 'prod'), (id, secret, profile) => {
        const r = parseAwsCredentialsIni(`[${profile}]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n${secret}\n`);
        const text = r.problems.map((p) => `${p.message} ${p.hint}`).join(' ');
        expect(text).not.toContain(id);
        expect(text).not.toContain(secret);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ size: 'large' }), (text) => {
        const r = parseAwsCredentialsIni(text);
        expect(r.hasDefault).toBe(r.profiles.includes('default'));
      }),
    );
  });
});
