import { describe, expect, it } from 'vitest';
import { cleanLine } from './cleanLine.js';

describe('cleanLine', () => {
  it('strip bidi overrides, zero-width and other format characters from pod logs and events, keeping ordinary text', () => {
    const hostile = 'pull ok\u202e\u2066gnp.exe\u2069\u200b\u200d\ufeff\u2028 done — 名前 😀';
    expect(cleanLine(hostile)).toBe('pull okgnp.exe done — 名前 😀');
    expect(cleanLine('\u001b[31mred\u001b[0m')).toBe('red');
  });
});
