import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PATH_LENGTH, validateHelmValuesPath, validateOutputPath } from './outputPath.js';

describe('validateOutputPath', () => {
  it('accepts paths with spaces, quotes and shell metacharacters: they never meet a shell', () => {
    for (const p of ['.', './out dir', "/tmp/it's $(here); `x` | y & z", '~/pbs', 'ünïcødé/路径']) {
      expect(validateOutputPath(p, 'the output folder')).toEqual({ ok: true, value: p });
    }
  });

  it('refuses empty, over-long and control-character paths with one sentence that names the flag', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('\n', '\r', '\0', '\u001b', '\u007f', '\u2028'), fc.string(), (a, ch, b) => {
        const r = validateOutputPath(`x${a}${ch}${b}`, 'the output folder');
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.message).toMatch(/^The output folder /);
          expect(r.message).not.toMatch(/[\n\r\0\u001b\u007f\u2028]/);
          expect(r.message.length).toBeLessThan(300);
        }
      }),
    );
    expect(validateOutputPath('', 'the values file')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^The values file is empty/),
    });
    const long = validateOutputPath('a'.repeat(MAX_PATH_LENGTH + 1), 'the values file');
    expect(long).toMatchObject({
      ok: false,
      message: `The values file is ${MAX_PATH_LENGTH + 1} characters long, more than the ${MAX_PATH_LENGTH} a path may have.`,
    });
  });
});

describe('validateHelmValuesPath', () => {
  it('refuses what helm would split or unquote (its --values is a CSV list), and nothing else', () => {
    for (const p of ['a,b.yaml', 'values "x".yaml', '"quoted.yaml"']) {
      const r = validateHelmValuesPath(p);
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.message).toMatch(/contains "," or a double quote, which helm's --values reads as a list separator or CSV quoting/);
    }
    expect(validateHelmValuesPath("values 'q' $(x); y.yaml")).toEqual({ ok: true, value: "values 'q' $(x); y.yaml" });
    expect(validateHelmValuesPath('x\ny').ok).toBe(false);
  });
});
