import { describe, expect, it } from 'vitest';
import { debugStacks } from './debugStacks.js';

describe('debugStacks', () => {
  it('lists the stack of the error and of each cause, in order', () => {
    const root = new Error('socket hang up');
    const outer = new Error('Cannot reach the cluster.', { cause: root });
    const stacks = debugStacks(outer);
    expect(stacks).toHaveLength(2);
    expect(stacks[0]).toMatch(/^Error: Cannot reach the cluster\.\n\s+at /);
    expect(stacks[1]).toMatch(/^Caused by: Error: socket hang up\n\s+at /);
  });

  it('gives nothing for values that are not errors, and stops at a cycle', () => {
    expect(debugStacks('text')).toEqual([]);
    const a = new Error('a');
    (a as { cause?: unknown }).cause = a;
    expect(debugStacks(a)).toHaveLength(4);
  });
});
