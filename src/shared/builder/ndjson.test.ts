import { describe, expect, it } from 'vitest';
import { readBuildResults, type StreamItem } from './ndjson.js';

async function collect(chunks: (string | Uint8Array)[]): Promise<StreamItem[]> {
  async function* gen() {
    yield* chunks;
  }
  const out: StreamItem[] = [];
  for await (const item of readBuildResults(gen())) out.push(item);
  return out;
}

describe('readBuildResults', () => {
  it('yields one result per line, joining lines split across chunks', async () => {
    const a = JSON.stringify({ log: ['#1 [internal] load build definition'], image: 'ttl.sh/x:1h', status: 'in_progress' });
    const b = JSON.stringify({ log: [], image: 'ttl.sh/x:1h', status: 'success' });
    const text = `${a}\n${b}\n`;
    const items = await collect([text.slice(0, 10), text.slice(10, 50), text.slice(50)]);
    expect(items).toEqual([
      { kind: 'result', result: { status: 'in_progress', log: ['#1 [internal] load build definition'], image: 'ttl.sh/x:1h' } },
      { kind: 'result', result: { status: 'success', log: [], image: 'ttl.sh/x:1h' } },
    ]);
  });

  it('decodes a UTF-8 character split between chunks', async () => {
    const bytes = new TextEncoder().encode(`${JSON.stringify({ status: 'in_progress', log: ['ünïcode ✓'], image: '' })}\n`);
    const cut = bytes.indexOf(0xe2) + 1;
    const items = await collect([bytes.slice(0, cut), bytes.slice(cut)]);
    expect(items[0]).toMatchObject({ kind: 'result', result: { log: ['ünïcode ✓'] } });
  });

  it('passes a line that is not a result on as unreadable, and reads a last line without newline', async () => {
    const items = await collect(['not json\n\n{"status":"bogus"}\n{"status":"failed","log":[],"image":"i","error":"boom"}']);
    expect(items).toEqual([
      { kind: 'unreadable', line: 'not json' },
      { kind: 'unreadable', line: '{"status":"bogus"}' },
      { kind: 'result', result: { status: 'failed', log: [], image: 'i', error: 'boom' } },
    ]);
  });
});
