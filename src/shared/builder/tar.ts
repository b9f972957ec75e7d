/**
 * A minimal writer for uncompressed POSIX ustar archives: what the pro-builder's /build endpoint
 * takes (Go's archive/tar reads it). Regular files, folders and symbolic links only; a PAX record
 * only where an mtime has a fraction of a second.
 */

/**
 * mtime in seconds since the epoch, kept to the millisecond (ustar's own field holds whole seconds,
 * so a fraction travels in a PAX `mtime` record); the archive's default when absent.
 */
export type TarEntry = (
  | { type: 'file'; name: string; data: Uint8Array; mode?: number }
  | { type: 'dir'; name: string; mode?: number }
  | { type: 'symlink'; name: string; target: string }
) & { mtime?: number };

const BLOCK = 512;
const NAME_MAX = 100;
const PREFIX_MAX = 155;

export class TarNameError extends Error {}

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new TarNameError(`"${value}" is longer than ${length} bytes`);
  bytes.copy(header, offset);
}

/** Octal digits, zero-padded, NUL-terminated, in a field of `length` bytes. */
function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  const digits = value.toString(8).padStart(length - 1, '0');
  if (digits.length > length - 1) throw new TarNameError(`a value of ${value} does not fit a tar header field`);
  header.write(`${digits}\0`, offset, length, 'ascii');
}

/** ustar keeps names up to 255 bytes by splitting them at a "/" into prefix and name. */
function splitName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= NAME_MAX) return { prefix: '', name };
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= PREFIX_MAX && Buffer.byteLength(rest) <= NAME_MAX && rest !== '') return { prefix, name: rest };
  }
  throw new TarNameError(`the path "${name}" is too long for a tar archive (ustar keeps up to 255 bytes)`);
}

interface HeaderFields {
  name: string;
  typeflag: '0' | '5' | '2' | 'x';
  mode: number;
  size: number;
  mtimeSeconds: number;
  linkname?: string;
}

function header(f: HeaderFields): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { prefix, name } = splitName(f.name);
  writeString(h, 0, NAME_MAX, name);
  writeOctal(h, 100, 8, f.mode);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, f.size);
  writeOctal(h, 136, 12, f.mtimeSeconds);
  h.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  h.write(f.typeflag, 156, 1, 'ascii');
  if (f.linkname !== undefined) writeString(h, 157, NAME_MAX, f.linkname);
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  writeString(h, 345, PREFIX_MAX, prefix);
  // An index loop: for…of over a Buffer runs its iterator per byte, ~3 ms for the test build's few
  // headers before V8 compiles it (the CLI is done before it would).
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += h[i]!;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

/** A PAX record is "<length> <key>=<value>\n", where the length counts its own digits too. */
function paxRecord(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(rest);
  while (String(length).length + Buffer.byteLength(rest) !== length) length = String(length).length + Buffer.byteLength(rest);
  return `${length}${rest}`;
}

function padded(data: Uint8Array): Buffer[] {
  const out = [Buffer.from(data.buffer, data.byteOffset, data.byteLength)];
  const pad = (BLOCK - (data.byteLength % BLOCK)) % BLOCK;
  if (pad) out.push(Buffer.alloc(pad));
  return out;
}

/**
 * The archive of `entries` in the given order, ending with the two zero blocks. Owner and group are
 * 0; an entry without its own mtime gets `mtimeSeconds` (default 0), so the same input always gives
 * the same bytes.
 */
export function tarArchive(entries: readonly TarEntry[], mtimeSeconds = 0): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const millis = Math.max(0, Math.round((entry.mtime ?? mtimeSeconds) * 1000));
    const wholeSeconds = Math.floor(millis / 1000);
    if (millis % 1000 !== 0) {
      // BuildKit's context transfer takes a file whose size and mtime it has seen as unchanged:
      // two builds within one second would otherwise send the first build's file again.
      const record = Buffer.from(paxRecord('mtime', `${wholeSeconds}.${String(millis % 1000).padStart(3, '0')}`), 'utf8');
      parts.push(header({ name: 'PaxHeader', typeflag: 'x', mode: 0o644, size: record.length, mtimeSeconds: wholeSeconds }));
      parts.push(...padded(record));
    }
    const size = entry.type === 'file' ? entry.data.length : 0;
    parts.push(
      header({
        name: entry.type === 'dir' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name,
        typeflag: entry.type === 'file' ? '0' : entry.type === 'dir' ? '5' : '2',
        mode: entry.type === 'symlink' ? 0o777 : (entry.mode ?? (entry.type === 'dir' ? 0o755 : 0o644)) & 0o7777,
        size,
        mtimeSeconds: wholeSeconds,
        linkname: entry.type === 'symlink' ? entry.target : undefined,
      }),
    );
    if (entry.type === 'file') parts.push(...padded(entry.data));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
