import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeDockerConfig, type DockerConfigAnalysis } from './analyzeDockerConfig.js';
import { ecrConfig, ecrRegistryHost } from './ecr.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const codes = (r: DockerConfigAnalysis) => r.problems.map((p) => p.code);
const json = (v: unknown) => JSON.stringify(v);
const ECR = ecrRegistryHost('123456789012', 'eu-west-1');

describe('analyzeDockerConfig', () => {
  it('accepts a docker login file with credentials in it', () => {
    const r = analyzeDockerConfig(
      json({ auths: { 'ghcr.io': { auth: b64('octocat:token') }, 'https://index.docker.io/v1/': { auth: b64('me:pw') } } }),
    );
    expect(r).toMatchObject({ ok: true, problems: [], hosts: ['ghcr.io', 'https://index.docker.io/v1/'] });
    expect(r.config?.auths?.['ghcr.io']).toBeDefined();
  });

  it('accepts identity tokens and legacy username/password entries', () => {
    const r = analyzeDockerConfig(
      json({ auths: { 'a.example.com': { identitytoken: 'tok' }, 'b.example.com': { username: 'u', password: 'p' } } }),
    );
    expect(r).toMatchObject({ ok: true, problems: [] });
  });

  it('accepts the ECR credHelpers config and reports the helper', () => {
    const r = analyzeDockerConfig(json(ecrConfig('123456789012', 'eu-west-1')), { ecrHost: ECR });
    expect(r).toMatchObject({ ok: true, problems: [], hosts: [ECR], credHelpers: { [ECR]: 'ecr-login' } });
  });

  it('accepts a top-level credsStore "ecr-login", which the pro-builder image ships', () => {
    const r = analyzeDockerConfig(json({ credsStore: 'ecr-login' }), { ecrHost: ECR });
    expect(r).toMatchObject({ ok: true, credsStore: 'ecr-login', problems: [] });
  });

  it('strips a byte-order mark', () => {
    expect(analyzeDockerConfig(`\uFEFF${json({ auths: {} })}`).ok).toBe(true);
  });

  it.each([
    ['', 'not-json'],
    ['   \n', 'not-json'],
    ['{"auths": {', 'not-json'],
    ['[]', 'not-an-object'],
    ['null', 'not-an-object'],
    ['"auths"', 'not-an-object'],
    ['{"auths": []}', 'not-an-object'],
    ['{"auths": {"ghcr.io": "x"}}', 'not-an-object'],
    ['{"credHelpers": {"ghcr.io": 1}}', 'not-an-object'],
    ['{}', 'no-auths-or-credhelpers'],
    ['{"credHelpers": {}}', 'no-auths-or-credhelpers'],
    ['{"HttpHeaders": {"User-Agent": "x"}}', 'no-auths-or-credhelpers'],
  ])('fails %j with %s', (text, code) => {
    const r = analyzeDockerConfig(text);
    expect(r.ok).toBe(false);
    expect(codes(r)).toContain(code);
    for (const p of r.problems) expect(p.severity === 'fail' || p.code !== code).toBe(true);
  });

  it('gives the place of a JSON error but not the text around it', () => {
    const r = analyzeDockerConfig('{\n  "auths": {\n    "ghcr.io": { "auth": "c2VjcmV0OnBhc3N3b3Jk" \n  }\n');
    expect(r.problems[0]?.message).toMatch(/not valid JSON \(error at line \d+, column \d+\)\.$/);
    expect(JSON.stringify(r.problems)).not.toContain('c2VjcmV0OnBhc3N3b3Jk');
  });

  it.each(['desktop', 'osxkeychain', 'wincred', 'pass', 'secretservice'])(
    'fails credsStore %j: the credentials are on the laptop, not in the file',
    (store) => {
      const r = analyzeDockerConfig(json({ auths: { 'ghcr.io': {} }, credsStore: store }));
      expect(r.ok).toBe(false);
      const p = r.problems.find((x) => x.code === 'creds-store');
      expect(p?.severity).toBe('fail');
      expect(p?.message).toMatch(/credentials live in .* on your machine, not in the file/);
      expect(r.credsStore).toBe(store);
      // Docker Desktop's empty entries are reported too, as warnings.
      expect(r.problems.find((x) => x.code === 'auth-missing')?.severity).toBe('warn');
    },
  );

  it('fails credHelpers other than ecr-login, naming host and helper', () => {
    const r = analyzeDockerConfig(json({ auths: {}, credHelpers: { 'gcr.io': 'gcloud', [ECR]: 'ecr-login' } }));
    expect(r.ok).toBe(false);
    const p = r.problems.filter((x) => x.code === 'cred-helper-unsupported');
    expect(p).toHaveLength(1);
    expect(p[0]?.message).toContain('"gcr.io"');
    expect(p[0]?.message).toContain('"gcloud"');
  });

  it('warns when ecr-login is used for a host that is not ECR', () => {
    const r = analyzeDockerConfig(json({ credHelpers: { 'ghcr.io': 'ecr-login' } }));
    expect(r.ok).toBe(true);
    expect(codes(r)).toEqual(['ecr-login-non-ecr-host']);
  });

  it('warns (only) about an entry with no credentials', () => {
    const r = analyzeDockerConfig(json({ auths: { 'ghcr.io': {} } }));
    expect(r.ok).toBe(true);
    expect(r.problems).toMatchObject([{ severity: 'warn', code: 'auth-missing' }]);
  });

  it.each([
    ['not base64 at all', 'not base64!', 'auth-not-base64'],
    ['unpadded', 'YWJj', undefined],
    ['missing padding', 'YWI', 'auth-not-base64'],
    ['URL-safe alphabet', '-_-_', 'auth-not-base64'],
    ['not a string', 42, 'auth-not-base64'],
    ['no colon', b64('justatoken'), 'auth-no-colon'],
  ])('checks auth that is %s', (_label, auth, code) => {
    const r = analyzeDockerConfig(json({ auths: { 'ghcr.io': { auth } } }));
    if (code) {
      expect(codes(r)).toContain(code);
      expect(r.ok).toBe(false);
    } else {
      // "abc" has no colon: it is valid base64 but still fails the colon rule.
      expect(codes(r)).toEqual(['auth-no-colon']);
    }
  });

  it('fails when the expected ECR host is not covered, and lists what is', () => {
    const other = ecrRegistryHost('123456789012', 'us-east-1');
    const r = analyzeDockerConfig(json(ecrConfig('123456789012', 'us-east-1')), { ecrHost: ECR });
    expect(r.ok).toBe(false);
    const p = r.problems.find((x) => x.code === 'ecr-host-mismatch');
    expect(p?.message).toContain(`"${ECR}"`);
    expect(p?.message).toContain(`"${other}"`);
  });

  it('matches the expected ECR host regardless of https:// prefix, case and trailing slash', () => {
    const r = analyzeDockerConfig(json({ credHelpers: { [`https://${ECR.toUpperCase()}/`]: 'ecr-login' } }), { ecrHost: ECR });
    expect(codes(r)).not.toContain('ecr-host-mismatch');
  });

  it('warns that a fixed ECR token in auths expires', () => {
    const r = analyzeDockerConfig(json({ auths: { [ECR]: { auth: b64('AWS:eyJwYXlsb2FkIjoi') } } }), { ecrHost: ECR });
    expect(r.ok).toBe(true);
    expect(codes(r)).toEqual(['ecr-auth-expires']);
  });

  it('never puts an auth value, password, token or its base64 into a message or hint', () => {
    const secret = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789!$%'),
      minLength: 10,
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        secret,
        secret,
        fc.constantFrom('desktop', 'osxkeychain', 'ecr-login', undefined),
        fc.boolean(),
        (password, token, store, colon) => {
          const auth = b64(colon ? `user:${password}` : password);
          const cfg = {
            auths: {
              'ghcr.io': { auth },
              'quay.io': { auth: `${auth}!` },
              'a.example.com': { identitytoken: token, password },
              'b.example.com': { auth: password },
            },
            ...(store ? { credsStore: store } : {}),
          };
          const r = analyzeDockerConfig(json(cfg), { ecrHost: ECR });
          const text = r.problems.map((p) => `${p.message} ${p.hint}`).join('\n');
          for (const s of [password, token, auth, b64(password)]) expect(text).not.toContain(s);
        },
      ),
    );
  });

  it('never throws and always returns well-formed problems for arbitrary text or JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ auths: v, credHelpers: v, credsStore: v })),
        ),
        (text) => {
          const r = analyzeDockerConfig(text);
          expect(r.ok).toBe(!r.problems.some((p) => p.severity === 'fail'));
          for (const p of r.problems) {
            expect(p.message.length).toBeLessThan(400);
            expect(p.message).not.toMatch(/[\n\r]/);
            expect(p.hint.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});
