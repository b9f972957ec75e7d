import { asBuildResult, type BuildResult } from './buildResult.js';

export type StreamItem = { kind: 'result'; result: BuildResult } | { kind: 'unreadable'; line: string };

/**
 * The results of an NDJSON answer as they arrive: one per line, a line split across chunks joined
 * first. A line that is not a build result is passed on as unreadable (shown, never fatal).
 */
export async function* readBuildResults(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<StreamItem> {
  const decoder = new TextDecoder();
  let pending = '';
  const parse = (line: string): StreamItem | undefined => {
    const text = line.trim();
    if (!text) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { kind: 'unreadable', line: text };
    }
    const result = asBuildResult(value);
    return result ? { kind: 'result', result } : { kind: 'unreadable', line: text };
  };
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const item = parse(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
      if (item) yield item;
    }
  }
  pending += decoder.decode();
  const last = parse(pending);
  if (last) yield last;
}
