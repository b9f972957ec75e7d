import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterTarget } from './config.js';
import { unconfirmedContextProblem } from './contextGuard.js';

const target = (contextNames: string[] | undefined, contextName = contextNames?.[0] ?? 'only'): ClusterTarget => ({
  contextName,
  clusterName: 'c',
  server: 'https://127.0.0.1:6443',
  user: 'u',
  source: '/k',
  contextNames,
});

describe('unconfirmedContextProblem', () => {
  it('refuses --yes without --context when the kubeconfig has several contexts', () => {
    const problem = unconfirmedContextProblem({ yes: true, dryRun: false }, target(['test', 'prod']), 'install into');
    expect(problem).toBe(
      'this kubeconfig has 2 contexts; pass --context <name> to say which one to install into (the current one is "test"; the contexts are "test", "prod").',
    );
  });

  it('allows it when --context names one, when nothing is skipped, or when nothing changes', () => {
    const two = target(['test', 'prod']);
    expect(unconfirmedContextProblem({ yes: true, dryRun: false, context: 'prod' }, two, 'install into')).toBeUndefined();
    expect(unconfirmedContextProblem({ yes: false, dryRun: false }, two, 'install into')).toBeUndefined();
    expect(unconfirmedContextProblem({ yes: true, dryRun: true }, two, 'install into')).toBeUndefined();
  });

  it('allows a kubeconfig with one context (or an unknown count, e.g. a fake client)', () => {
    expect(unconfirmedContextProblem({ yes: true, dryRun: false }, target(['only']), 'uninstall from')).toBeUndefined();
    expect(unconfirmedContextProblem({ yes: true, dryRun: false }, target(undefined), 'uninstall from')).toBeUndefined();
  });

  it('lists at most five contexts, quoted, however many and however odd the names are', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 200 }), { minLength: 2, maxLength: 40 }), (names) => {
        const problem = unconfirmedContextProblem({ yes: true, dryRun: false }, target(names), 'rotate secrets in')!;
        expect(problem).toContain(
          `this kubeconfig has ${names.length} contexts; pass --context <name> to say which one to rotate secrets in`,
        );
        expect(problem).not.toMatch(/[\n\r\0]/);
        expect(problem.length).toBeLessThan(600);
        if (names.length > 5) expect(problem).toContain(`and ${names.length - 5} more`);
      }),
    );
  });
});
