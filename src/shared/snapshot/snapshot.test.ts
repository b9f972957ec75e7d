import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnusablePathError } from '../../platform/files/safeRead.js';
import { readLocalSnapshot } from './snapshot.js';

const PAYLOAD = 'dGVzdC1zaWduaW5nLXNlY3JldC0zMi1ieXRlcy1sb25nIQ==';

async function site(payloadMode: number, certMode: number) {
  const dir = await mkdtemp(join(tmpdir(), 'pbs-snap-'));
  await writeFile(join(dir, 'payload.txt'), PAYLOAD);
  await chmod(join(dir, 'payload.txt'), payloadMode);
  await mkdir(join(dir, 'certs'));
  for (const f of ['ca.crt', 'ca.key', 'server.crt', 'server.key', 'client.crt', 'client.key']) {
    await writeFile(join(dir, 'certs', f), `-----${f}-----\n`);
    await chmod(join(dir, 'certs', f), f === 'ca.key' ? certMode : 0o600);
  }
  return dir;
}

describe('readLocalSnapshot', () => {
  it("reuses payload.txt and the certificates when they are the user's own and nobody else can write them", async () => {
    const dir = await site(0o600, 0o600);
    const s = await readLocalSnapshot(dir, join(dir, 'values.yaml'));
    expect(s.payload).toBe(PAYLOAD);
    expect(s.certs?.caKey).toBe('-----ca.key-----\n');
    expect(s.notReused).toBeUndefined();
  });

  it('does not reuse a payload.txt or a CA key others can write (a planted key), and says why', async () => {
    const dir = await site(0o666, 0o664);
    const s = await readLocalSnapshot(dir, join(dir, 'values.yaml'));
    expect(s.payload).toBeUndefined();
    expect(s.certs).toBeUndefined();
    expect(s.notReused).toEqual([
      { path: join(dir, 'certs', 'ca.key'), reason: 'others can write it (mode 0664)' },
      { path: join(dir, 'payload.txt'), reason: 'others can write it (mode 0666)' },
    ]);
  });

  it('refuses a FIFO at payload.txt without blocking on it (it hung even --dry-run), naming the path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbs-snap-'));
    execFileSync('mkfifo', [join(dir, 'payload.txt')]);
    await expect(readLocalSnapshot(dir, join(dir, 'values.yaml'))).rejects.toThrow(UnusablePathError);
    await expect(readLocalSnapshot(dir, join(dir, 'values.yaml'))).rejects.toThrow(
      /payload\.txt is a named pipe \(FIFO\), not a regular file\./,
    );
  });

  it("refuses a file where the output folder or the values file's folder belongs, before anything is written", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbs-snap-'));
    await writeFile(join(dir, 'site'), 'a file, not a folder');
    await expect(readLocalSnapshot(join(dir, 'site'), join(dir, 'values.yaml'))).rejects.toThrow(/site is a file, not a folder\./);
    await expect(readLocalSnapshot(dir, join(dir, 'site', 'values.yaml'))).rejects.toThrow(UnusablePathError);
  });
});
