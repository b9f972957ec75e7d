import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dockerConfigSource, readDockerConfigFile } from './readDockerConfigFile.js';

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pbs-registry-'));
  await mkdir(join(home, '.docker'));
  await mkdir(join(home, 'project', 'credentials'), { recursive: true });
  await writeFile(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'desktop' }));
  await writeFile(
    join(home, 'project', 'credentials', 'config.json'),
    JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from('u:p').toString('base64') } } }),
  );
  await writeFile(join(home, 'broken.json'), '{');
});

describe('readDockerConfigFile', () => {
  it('reads a Docker config and reports where its credentials really are', async () => {
    const r = await readDockerConfigFile('~/.docker/config.json', {}, undefined, home);
    expect(r).toMatchObject({ ok: false, source: 'docker', path: join(home, '.docker', 'config.json'), credsStore: 'desktop' });
    expect(r.problems.map((p) => p.code)).toEqual(['creds-store', 'auth-missing']);
  });

  it('reads the faas-cli credentials/config.json, also when given its folder', async () => {
    for (const path of [join(home, 'project', 'credentials', 'config.json'), join(home, 'project', 'credentials')]) {
      const r = await readDockerConfigFile(path);
      expect(r).toMatchObject({ ok: true, source: 'faas-cli', hosts: ['ghcr.io'], problems: [] });
    }
  });

  it('reports a missing file as "unreadable" with the reason', async () => {
    const r = await readDockerConfigFile(join(home, 'nope.json'));
    expect(r.ok).toBe(false);
    expect(r.problems).toMatchObject([{ code: 'unreadable', severity: 'fail' }]);
    expect(r.problems[0]?.message).toContain('There is no file');
  });

  it('analyses whatever it read', async () => {
    const r = await readDockerConfigFile(join(home, 'broken.json'));
    expect(r.source).toBe('other');
    expect(r.problems.map((p) => p.code)).toEqual(['not-json']);
  });
});

describe('dockerConfigSource', () => {
  it('tells docker and faas-cli files apart by folder', () => {
    expect(dockerConfigSource('/home/me/.docker/config.json')).toBe('docker');
    expect(dockerConfigSource('./credentials/config.json')).toBe('faas-cli');
    expect(dockerConfigSource('.credentials/config.json')).toBe('faas-cli');
    expect(dockerConfigSource('/tmp/config.json')).toBe('other');
  });
});
