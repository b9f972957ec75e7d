import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeDockerConfig } from './analyzeDockerConfig.js';
import { privateRegistryConfig, serializeDockerConfig, ttlshConfig } from './dockerConfig.js';
import { ecrConfig } from './ecr.js';

describe('ttlshConfig', () => {
  it('is an empty auths section, which analyses as valid with no problems', () => {
    expect(ttlshConfig()).toEqual({ auths: {} });
    expect(analyzeDockerConfig(serializeDockerConfig(ttlshConfig()))).toMatchObject({ ok: true, problems: [], hosts: [] });
  });
});

describe('privateRegistryConfig', () => {
  it('stores base64("user:password") under the server key', () => {
    const cfg = privateRegistryConfig('ghcr.io', 'octocat', 's3cr3t');
    expect(cfg).toEqual({ auths: { 'ghcr.io': { auth: Buffer.from('octocat:s3cr3t').toString('base64') } } });
  });

  it('round-trips any user name without ":" and any password through the auth field', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((u) => !u.includes(':')),
        fc.string(),
        (user, password) => {
          const entry = privateRegistryConfig('r.example.com', user, password).auths?.['r.example.com'];
          const decoded = Buffer.from(entry?.auth ?? '', 'base64').toString('utf8');
          expect(decoded).toBe(`${user}:${password}`);
        },
      ),
    );
  });

  it('produces a config the analyser accepts', () => {
    const r = analyzeDockerConfig(serializeDockerConfig(privateRegistryConfig('registry.example.com:5000', 'robot$ci', 'p:a:ss')));
    expect(r).toMatchObject({ ok: true, hosts: ['registry.example.com:5000'], problems: [] });
  });

  it('refuses a user name with ":" without naming the password', () => {
    expect(() => privateRegistryConfig('ghcr.io', 'a:b', 'topsecret')).toThrow(/must not contain ":"/);
    try {
      privateRegistryConfig('ghcr.io', 'a:b', 'topsecret');
    } catch (e) {
      expect(String(e)).not.toContain('topsecret');
    }
  });
});

describe('serializeDockerConfig', () => {
  it('writes indented JSON ending in a newline, which parses back to the same object', () => {
    const cfg = ecrConfig('123456789012', 'eu-west-1');
    const text = serializeDockerConfig(cfg);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "credHelpers"');
    expect(JSON.parse(text)).toEqual(cfg);
  });
});
