import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertReplaceable, assertUsableFolder, readRegularFile, untrustedReason, UnusablePathError } from './safeRead.js';
import { writeFileSafely } from './secureWrite.js';

async function tempDir() {
  return mkdtemp(join(tmpdir(), 'pbs-safe-'));
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** A character device like /dev/null, made in a temp folder (needs root); undefined when it cannot be. */
function charDevice(path: string): string | undefined {
  try {
    execFileSync('mknod', [path, 'c', '1', '3'], { stdio: 'ignore' });
    return path;
  } catch {
    return undefined;
  }
}

describe('readRegularFile', () => {
  it('is undefined for a missing file and reads a regular one', async () => {
    const dir = await tempDir();
    expect(await readRegularFile(join(dir, 'nothing'))).toBeUndefined();
    await writeFile(join(dir, 'f'), 'abc');
    expect((await readRegularFile(join(dir, 'f')))!.data.toString()).toBe('abc');
  });

  it('refuses a FIFO without blocking on it, a folder, and a file over the cap', async () => {
    const dir = await tempDir();
    mkfifo(join(dir, 'payload.txt'));
    await expect(readRegularFile(join(dir, 'payload.txt'))).rejects.toThrow(UnusablePathError);
    await expect(readRegularFile(join(dir, 'payload.txt'))).rejects.toThrow(/is a named pipe \(FIFO\), not a regular file\./);
    await mkdir(join(dir, 'folder'));
    await expect(readRegularFile(join(dir, 'folder'))).rejects.toThrow(/is a folder, not a regular file\./);
    await writeFile(join(dir, 'big'), Buffer.alloc(2048));
    await expect(readRegularFile(join(dir, 'big'), 1024)).rejects.toThrow(/is 2048 bytes, more than the 1024 expected/);
  });
});

describe('writeFileSafely and what is at the path', () => {
  it('refuses to replace a FIFO (without hanging), a device or a folder, and leaves them as they were', async () => {
    const dir = await tempDir();
    mkfifo(join(dir, 'fifo'));
    await expect(writeFileSafely(join(dir, 'fifo'), 'x')).rejects.toThrow(UnusablePathError);
    expect((await stat(join(dir, 'fifo'))).isFIFO()).toBe(true);
    await mkdir(join(dir, 'values.yaml'));
    await expect(writeFileSafely(join(dir, 'values.yaml'), 'x')).rejects.toThrow(/values\.yaml is a folder, not a regular file\./);
    const device = charDevice(join(dir, 'null'));
    if (device) {
      await expect(writeFileSafely(device, 'x')).rejects.toThrow(/is a device, not a regular file\./);
      expect((await stat(device)).isCharacterDevice()).toBe(true);
    }
  });

  it('creates missing folders 0700 whatever the umask', async () => {
    const dir = await tempDir();
    const old = process.umask(0);
    try {
      await writeFileSafely(join(dir, 'a', 'b', 'payload.txt'), 'x');
    } finally {
      process.umask(old);
    }
    expect((await stat(join(dir, 'a'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'a', 'b'))).mode & 0o777).toBe(0o700);
  });
});

describe('assertReplaceable (the check just before the rename)', () => {
  it('lets a missing or regular file be replaced, and refuses a FIFO, a folder or a device', async () => {
    const dir = await tempDir();
    await expect(assertReplaceable(join(dir, 'absent'))).resolves.toBeUndefined();
    await writeFile(join(dir, 'f'), 'x');
    await expect(assertReplaceable(join(dir, 'f'))).resolves.toBeUndefined();
    mkfifo(join(dir, 'fifo'));
    await expect(assertReplaceable(join(dir, 'fifo'))).rejects.toThrow(/fifo is a named pipe \(FIFO\), not a regular file\./);
    await mkdir(join(dir, 'folder'));
    await expect(assertReplaceable(join(dir, 'folder'))).rejects.toThrow(/folder is a folder, not a regular file\./);
    const device = charDevice(join(dir, 'null'));
    if (device) await expect(assertReplaceable(device)).rejects.toThrow(/null is a device, not a regular file\./);
  });
});

describe('a file where a folder belongs (--output-dir, --write-manifests)', () => {
  it('is refused as an unusable path, whether the folder itself or a folder above it is the file', async () => {
    const dir = await tempDir();
    await expect(assertUsableFolder(join(dir, 'new', 'deeper'))).resolves.toBeUndefined();
    await expect(assertUsableFolder(dir)).resolves.toBeUndefined();
    await writeFile(join(dir, 'afile'), 'x');
    await expect(assertUsableFolder(join(dir, 'afile'))).rejects.toThrow(UnusablePathError);
    await expect(assertUsableFolder(join(dir, 'afile'))).rejects.toThrow(/afile is a file, not a folder\./);
    await expect(assertUsableFolder(join(dir, 'afile', 'sub'))).rejects.toThrow(
      /afile\/sub cannot be a folder: part of that path is a file\./,
    );
    mkfifo(join(dir, 'fifo'));
    await expect(assertUsableFolder(join(dir, 'fifo'))).rejects.toThrow(/fifo is a named pipe \(FIFO\), not a folder\./);
  });

  it("makes writeFileSafely say so in a sentence instead of mkdir's bare EEXIST, and write nothing", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'manifests'), 'not a folder');
    await expect(writeFileSafely(join(dir, 'manifests', 'namespace.yaml'), 'x')).rejects.toThrow(/manifests is a file, not a folder\./);
    await expect(writeFileSafely(join(dir, 'manifests', 'a', 'b.yaml'), 'x')).rejects.toThrow(UnusablePathError);
    expect((await stat(join(dir, 'manifests'))).isFile()).toBe(true);
  });
});

describe('untrustedReason', () => {
  it('trusts only a file owned by this user that group and others cannot write', async () => {
    const dir = await tempDir();
    const f = join(dir, 'payload.txt');
    await writeFile(f, 'x', { mode: 0o600 });
    expect(untrustedReason(await stat(f))).toBeUndefined();
    const s = await stat(f);
    expect(untrustedReason({ ...s, mode: s.mode | 0o002 } as typeof s)).toBe('others can write it (mode 0602)');
    expect(untrustedReason({ ...s, mode: s.mode | 0o020 } as typeof s)).toBe('others can write it (mode 0620)');
    expect(untrustedReason({ ...s, uid: s.uid + 1 } as typeof s)).toBe(`it is owned by uid ${s.uid + 1}, not by you`);
  });
});
