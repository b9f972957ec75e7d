import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { displayCommand } from '../../platform/helm/helm.js';
import { continuedCommand } from './continuedCommand.js';

describe('continuedCommand', () => {
  it('breaks before each flag with " \\" and an indent, keeping each flag with its value', () => {
    const cmd = displayCommand('helm', [
      'upgrade',
      'pro-builder',
      '/charts/pro-builder',
      '--install',
      '--namespace',
      'openfaas',
      '--values',
      '/work/my site/values.yaml',
    ]);
    expect(continuedCommand(cmd)).toBe(
      [
        'helm upgrade pro-builder /charts/pro-builder \\',
        '    --install \\',
        '    --namespace openfaas \\',
        "    --values '/work/my site/values.yaml'",
      ].join('\n'),
    );
  });

  it('pastes into a shell as the same arguments', () => {
    const args = ['upgrade', 'x', '--values', "/a b/it's -- here.yaml", '--kube-context', 'ctx'];
    const pasted = continuedCommand(displayCommand('printf', ['%s\\n', ...args]));
    expect(execFileSync('sh', ['-c', pasted], { encoding: 'utf8' })).toBe(args.map((a) => `${a}\n`).join(''));
  });

  it('never breaks inside double quotes (a "$(cat file)" with a flag-like word in it)', () => {
    const cmd = 'printf "%s|" "$(echo a -b)" --c "d -e"';
    const broken = continuedCommand(cmd);
    expect(broken).toBe(['printf "%s|" "$(echo a -b)" \\', '    --c "d -e"'].join('\n'));
    expect(execFileSync('sh', ['-c', broken], { encoding: 'utf8' })).toBe('a -b|--c|d -e|');
  });
});
