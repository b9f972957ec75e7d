import { describe, expect, it } from 'vitest';
import { ActionableError, problemOf } from '../../platform/errors.js';
import { problemJson, problemLines, problemText } from './problemLines.js';

describe('problemLines', () => {
  const cause = new Error('socket hang up');
  const e = new ActionableError('Your user may not create secrets.', 'Ask a cluster admin.', {
    items: ['create secrets in namespace openfaas'],
    cause,
  });

  it('prints the message, each point and the next step; stacks only with --debug', () => {
    expect(problemText(problemOf(e))).toBe(
      'probuilder-setup: Your user may not create secrets.\n  × create secrets in namespace openfaas\n  Next: Ask a cluster admin.\n',
    );
    const debug = problemText(problemOf(e), { debug: true });
    expect(debug).toContain('Caused by: Error: socket hang up');
    expect(debug.startsWith('probuilder-setup: Your user may not create secrets.\n')).toBe(true);
  });

  it('keeps the same fields in JSON, nextStep null when there is none, never a stack', () => {
    expect(problemJson(problemOf(e))).toEqual({
      message: 'Your user may not create secrets.',
      nextStep: 'Ask a cluster admin.',
      items: ['create secrets in namespace openfaas'],
    });
    expect(problemJson(problemOf(new Error('boom')))).toEqual({ message: 'boom', nextStep: null });
  });

  it('cleans text from the cluster: no terminal escapes or bidi overrides reach the screen', () => {
    const lines = problemLines({ message: 'denied \x1b[31mred\x1b[0m \u202eevil', nextStep: 'retry\x07' });
    expect(lines.map((l) => l.text)).toEqual(['denied red evil', 'retry']);
  });
});
