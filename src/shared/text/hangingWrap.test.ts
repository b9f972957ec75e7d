import { describe, expect, it } from 'vitest';
import { hangingWrap } from './hangingWrap.js';

const PATH = '/home/alice/projects/openfaas/function-builder-setup/config.json.bak-20260102T030405Z';

describe('hangingWrap', () => {
  it('leaves a line that fits alone', () => {
    expect(hangingWrap('  ! short', 80)).toEqual({ lines: ['  ! short'], tooWide: [] });
  });

  it('indents continuation lines under the text after the marker', () => {
    const { lines } = hangingWrap(
      '  ! Pod/pro-builder-abc FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes',
      50,
    );
    expect(lines[0]).toBe('  ! Pod/pro-builder-abc FailedScheduling: 0/3');
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {4}\S/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(50);
  });

  it('indents a line without a marker by two', () => {
    const { lines } = hangingWrap('Created or updated: secret/openfaas-license, secret/registry-secret, secret/payload-secret.', 40);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {2}\S/);
  });

  it('never cuts a path: it moves whole to the next line, with less indent when that is what fits', () => {
    const { lines, tooWide } = hangingWrap(`  - ${PATH} (0600)`, PATH.length + 4);
    expect(lines).toEqual([`  - ${PATH}`, '    (0600)']);
    const narrow = hangingWrap(`Backups: ${PATH}`, PATH.length + 1);
    expect(narrow.lines).toEqual(['Backups:', ` ${PATH}`]);
    expect(tooWide).toEqual([]);
  });

  it('gives an indented path less indent rather than cutting it', () => {
    expect(hangingWrap(`  ${PATH}`, PATH.length + 1).lines).toEqual([` ${PATH}`]);
  });

  it('reports a word wider than the terminal', () => {
    const { lines, tooWide } = hangingWrap(`Values file: ${PATH}`, 60);
    expect(lines).toEqual(['Values file:', PATH]);
    expect(tooWide).toEqual([PATH]);
  });
});
