import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { keepOriginalLines, layoutOptions } from './layout.js';

describe('layoutOptions', () => {
  it('follows the file: 4-space indent, sequences flush with their key', () => {
    expect(layoutOptions('a:\n    b: 1\nlist:\n- x\n')).toEqual({ indent: 4, indentSeq: false, lineWidth: 0 });
  });

  it('sees indented sequences, and defaults to yaml’s style for a new file', () => {
    expect(layoutOptions('list:\n  # c\n  - x\n')).toEqual({ indent: 2, indentSeq: true, lineWidth: 0 });
    expect(layoutOptions(undefined)).toEqual({ indent: 2, indentSeq: true, lineWidth: 0 });
  });

  it('never folds a long line', () => {
    const long = `note: ${'word '.repeat(40).trim()}\n`;
    expect(parseDocument(long).toString(layoutOptions(long))).toBe(long);
  });
});

describe('keepOriginalLines', () => {
  const render = (text: string, edit?: (d: ReturnType<typeof parseDocument>) => void) => {
    const doc = parseDocument(text);
    edit?.(doc);
    return doc.toString(layoutOptions(text));
  };

  it('puts back the user’s spacing on lines the edit did not touch', () => {
    const original = 'a:   1    # one\nb: 2\nc: [x,y]\n';
    const updated = render(original, (d) => d.setIn(['b'], 3));
    expect(updated).toBe('a: 1 # one\nb: 3\nc: [ x, y ]\n');
    expect(keepOriginalLines(original, render(original), updated)).toBe('a:   1    # one\nb: 3\nc: [x,y]\n');
  });

  it('uses the plain rendering when the original does not map line for line', () => {
    const original = 'a: >\n  folded\n  text\nb: 1\n';
    const pristine = render(original);
    const updated = render(original, (d) => d.setIn(['b'], 2));
    const out = keepOriginalLines(original, pristine, updated);
    expect(parseDocument(out).toJS()).toEqual(parseDocument(updated).toJS());
  });

  it('falls back when putting lines back would change the meaning', () => {
    // Claims "x:" renders as "x:" but hands over an original whose line means something else once mixed in.
    const original = 'x:\n      y: 1\n';
    const pristine = 'x:\n  y: 1\n';
    const updated = 'x:\n  y: 1\n  z: 2\n';
    expect(keepOriginalLines(original, pristine, updated)).toBe(updated);
  });
});
