import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCKER_HUB_AUTH_KEY, validateRegistryServer } from './registryServer.js';

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/);
const hostArb = fc
  .array(label, { minLength: 1, maxLength: 4 })
  .map((l) => l.join('.'))
  .filter((h) => !/^(?:registry-1\.|index\.)?docker\.io$/.test(h));
const portArb = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
const pathArb = fc.array(fc.stringMatching(/^[a-z0-9_-]{1,12}$/), { maxLength: 3 }).map((s) => (s.length ? `/${s.join('/')}` : ''));

describe('validateRegistryServer', () => {
  it.each([
    ['ghcr.io', 'ghcr.io'],
    ['https://ghcr.io/', 'ghcr.io'],
    ['  HTTPS://Registry.Example.COM:5000//  ', 'registry.example.com:5000'],
    ['10.0.0.12:5000/team', '10.0.0.12:5000/team'],
    ['[::1]:5000', '[::1]:5000'],
    ['localhost', 'localhost'],
    ['registry.openfaas.svc.cluster.local:5000', 'registry.openfaas.svc.cluster.local:5000'],
    ['quay.io/my_org', 'quay.io/my_org'],
  ])('accepts %j as %j', (input, key) => {
    expect(validateRegistryServer(input)).toEqual({ ok: true, value: key });
  });

  it.each(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1/', 'DOCKER.IO/'])(
    'writes the Docker Hub spelling %j as the key docker uses',
    (input) => {
      expect(validateRegistryServer(input)).toEqual({ ok: true, value: DOCKER_HUB_AUTH_KEY });
    },
  );

  it('accepts generated host[:port][/path] and returns them unchanged, with or without https:// and a trailing slash', () => {
    fc.assert(
      fc.property(hostArb, portArb, pathArb, fc.boolean(), fc.boolean(), (host, port, path, scheme, slash) => {
        const key = `${host}${port ? `:${port}` : ''}${path}`;
        const typed = `${scheme ? 'https://' : ''}${key}${slash ? '/' : ''}`;
        expect(validateRegistryServer(typed)).toEqual({ ok: true, value: key });
      }),
    );
  });

  it.each([
    ['http://registry.local', /uses "http:\/\/".*https/],
    ['ftp://registry.local', /uses "ftp:\/\/"/],
    ['user:pass@registry.local', /must not hold a user name/],
    ['https://me@ghcr.io', /must not hold a user name/],
    ['ghcr io', /contains a space/],
    ['ghcr.io;rm -rf', /contains the character ";"/],
    ['ghcr.io:0', /port/],
    ['ghcr.io:99999', /port/],
    ['ghcr.io:abc', /port/],
    ['-bad.example.com', /not a valid host name/],
    ['[zz::1]', /not a valid IPv6/],
    ['ghcr.io/a/../b', /path/],
    ['https://', /no host name/],
    [':5000', /no host name/],
  ])('refuses %j', (input, message) => {
    const r = validateRegistryServer(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('refuses any shell metacharacter or inner whitespace placed anywhere in a valid server', () => {
    fc.assert(
      fc.property(
        hostArb.filter((h) => h.length >= 2),
        fc.constantFrom(...';|&$`<>(){}\'"\\*?!#\n\t '),
        fc.nat(),
        (host, ch, at) => {
          // Strictly inside: surrounding whitespace is trimmed by design.
          const i = 1 + (at % (host.length - 1));
          expect(validateRegistryServer(host.slice(0, i) + ch + host.slice(i)).ok).toBe(false);
        },
      ),
    );
  });
});
