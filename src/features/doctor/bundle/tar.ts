import { gzipSync } from 'node:zlib';

/** One file of the bundle. */
export interface TarEntry {
  path: string;
  content: string | Uint8Array;
}

const BLOCK = 512;

function octal(n: number, width: number): string {
  // width includes the terminating NUL.
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

/** ustar keeps 100 characters of name and 155 of prefix, split at a slash. */
function splitPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(name) <= 100 && Buffer.byteLength(prefix) <= 155) return { name, prefix };
  }
  throw new Error(`The path ${path} is too long for a tar archive.`);
}

function header(path: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { name, prefix } = splitPath(path);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o600, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii');
  h.write(octal(0, 8), 116, 8, 'ascii');
  h.write(octal(size, 12), 124, 12, 'ascii');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12, 'ascii');
  h.write('        ', 148, 8, 'ascii');
  h.write('0', 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

/** A ustar archive of regular files (mode 0600), gzipped. */
export function tarGz(entries: readonly TarEntry[], mtime: Date): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = typeof e.content === 'string' ? Buffer.from(e.content, 'utf8') : Buffer.from(e.content);
    parts.push(header(e.path, data.length, mtime), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}
