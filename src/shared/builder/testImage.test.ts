import { describe, expect, it } from 'vitest';
import { chooseTestImage, imageHost, timestampTag } from './testImage.js';

const now = new Date('2026-12-03T19:03:58.123Z');

describe('chooseTestImage', () => {
  it('ttl.sh: a random name that expires after an hour', () => {
    expect(chooseTestImage({ kind: 'ttlsh' }, now, '0a1b2c')).toEqual({ ok: true, image: 'ttl.sh/probuilder-test-0a1b2c:1h' });
  });
  it('a private registry: <server>/<user>/probuilder-test:<timestamp>', () => {
    expect(chooseTestImage({ kind: 'private', server: 'ghcr.io', username: 'Alice' }, now, 'x')).toEqual({
      ok: true,
      image: 'ghcr.io/alice/probuilder-test:20261203190358',
    });
    expect(chooseTestImage({ kind: 'private', server: 'https://index.docker.io/v1/', username: 'bob' }, now, 'x')).toMatchObject({
      image: 'docker.io/bob/probuilder-test:20261203190358',
    });
  });
  it('ECR needs --image and gets the create-repository command', () => {
    const c = chooseTestImage({ kind: 'ecr-irsa', accountId: '123456789012', region: 'eu-west-1', roleArn: 'arn' }, now, 'x');
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.message).toContain('123456789012.dkr.ecr.eu-west-1.amazonaws.com');
    expect(c.nextStep).toContain('aws ecr create-repository --repository-name probuilder-test --region eu-west-1');
  });
  it('no registry-secret, or several registries: --image', () => {
    expect(chooseTestImage(undefined, now, 'x').ok).toBe(false);
    expect(chooseTestImage({ kind: 'docker-config' }, now, 'x').ok).toBe(false);
  });
  it('helpers', () => {
    expect(timestampTag(now)).toBe('20261203190358');
    expect(imageHost('registry.example.com:5000')).toBe('registry.example.com:5000');
  });
});
