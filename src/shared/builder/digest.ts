const SHA = 'sha256:[0-9a-f]{64}';

/**
 * The pushed image's digest as BuildKit logs it: "pushing manifest for <ref>@sha256:…" first, else
 * the manifest list, else the manifest it exported. Undefined when the log does not say.
 */
export function digestFromLog(log: readonly string[]): string | undefined {
  const patterns = [
    new RegExp(`pushing manifest for \\S+@(${SHA})`),
    new RegExp(`exporting manifest list (${SHA})`),
    new RegExp(`exporting manifest (${SHA})`),
  ];
  for (const pattern of patterns) {
    for (let i = log.length - 1; i >= 0; i--) {
      const m = pattern.exec(log[i]!);
      if (m) return m[1];
    }
  }
  return undefined;
}
