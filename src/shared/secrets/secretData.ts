import type { V1Secret } from '@kubernetes/client-node';

/**
 * The secret's values as bytes. `stringData` (write-only, present on manifests that were never
 * sent to the API) is merged over `data`, as the API server does on write.
 */
export function decodeSecretData(secret: V1Secret): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries(secret.data ?? {})) out[key] = Buffer.from(value ?? '', 'base64');
  for (const [key, value] of Object.entries(secret.stringData ?? {})) out[key] = Buffer.from(value ?? '', 'utf8');
  return out;
}

/**
 * True when the cluster's secret already holds exactly the desired keys and bytes, so a re-run
 * can leave it alone. Metadata (labels, resourceVersion…) is ignored; the type is compared
 * because it cannot be changed in place.
 */
export function secretDataEqual(existing: V1Secret, desired: V1Secret): boolean {
  if ((existing.type ?? 'Opaque') !== (desired.type ?? 'Opaque')) return false;
  const a = decodeSecretData(existing);
  const b = decodeSecretData(desired);
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => {
    const other = b[k];
    return other !== undefined && other.equals(a[k] ?? Buffer.alloc(0));
  });
}

export interface SecretDescription {
  name: string;
  keys: { key: string; bytes: number }[];
}

/** Key names and sizes only: safe for review screens, logs and --dry-run output. */
export function describeSecret(secret: V1Secret): SecretDescription {
  const data = decodeSecretData(secret);
  return {
    name: secret.metadata?.name ?? '',
    keys: Object.keys(data)
      .sort()
      .map((key) => ({ key, bytes: data[key]?.length ?? 0 })),
  };
}

/** The same manifest with every value replaced by a note of its size, for --write-manifests. */
export function redactSecret(secret: V1Secret): V1Secret {
  const { data: _data, stringData: _stringData, ...rest } = secret;
  const notes: Record<string, string> = {};
  for (const { key, bytes } of describeSecret(secret).keys) notes[key] = `<redacted: ${bytes} bytes>`;
  return { ...rest, stringData: notes };
}
