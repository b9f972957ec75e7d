import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CERTIFICATE_FILES, readCertificateFiles, writeCertificateFiles } from './files.js';
import { generateCertificateSet, type CertificateSet } from './generate.js';

let set: CertificateSet;
let dir: string;
let oldUmask: number;

beforeAll(async () => {
  set = await generateCertificateSet();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbs-certs-'));
  oldUmask = process.umask(0o000); // the widest umask: modes must come from the code, not the environment
});
afterEach(async () => {
  process.umask(oldUmask);
  await rm(dir, { recursive: true, force: true });
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('writeCertificateFiles', () => {
  it('writes the six files, keys 0600 and certificates 0644', async () => {
    const results = await writeCertificateFiles(dir, set);
    expect(results.map((r) => r.path).sort()).toEqual(
      Object.values(CERTIFICATE_FILES)
        .map((name) => join(dir, name))
        .sort(),
    );
    for (const name of ['ca.key', 'server.key', 'client.key']) expect(await modeOf(join(dir, name))).toBe(0o600);
    for (const name of ['ca.crt', 'server.crt', 'client.crt']) expect(await modeOf(join(dir, name))).toBe(0o644);
    expect(await readFile(join(dir, 'server.key'), 'utf8')).toBe(set.serverKey);
    expect(results.every((r) => r.changed)).toBe(true);
  });

  it('converges on a re-run and keeps backups when a new set replaces an old one', async () => {
    await writeCertificateFiles(dir, set);
    const again = await writeCertificateFiles(dir, set);
    expect(again.every((r) => !r.changed && r.backupPath === undefined)).toBe(true);

    const fresh = await generateCertificateSet();
    const replaced = await writeCertificateFiles(dir, fresh, { now: () => new Date('2026-05-06T07:08:09Z') });
    expect(replaced.every((r) => r.changed && r.backupPath !== undefined)).toBe(true);
    const keyBackup = replaced.find((r) => r.path.endsWith('ca.key'))!.backupPath!;
    expect(await readFile(keyBackup, 'utf8')).toBe(set.caKey);
    expect(await modeOf(keyBackup)).toBe(0o600);
    expect((await readdir(dir)).length).toBe(12);
  });
});

describe('readCertificateFiles', () => {
  it('reads back exactly what was written', async () => {
    await writeCertificateFiles(dir, set);
    expect(await readCertificateFiles(dir)).toEqual(set);
  });

  it('is undefined for a missing folder, a missing file or an empty file', async () => {
    expect(await readCertificateFiles(join(dir, 'nothing-here'))).toBeUndefined();
    await writeCertificateFiles(dir, set);
    await writeFile(join(dir, 'client.key'), '\n');
    expect(await readCertificateFiles(dir)).toBeUndefined();
    await rm(join(dir, 'client.key'));
    expect(await readCertificateFiles(dir)).toBeUndefined();
  });
});
