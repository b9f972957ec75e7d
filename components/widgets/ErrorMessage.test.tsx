import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { problemOf } from '../../src/platform/errors.js';
import { HelmError } from '../../src/platform/helm/helm.js';
import { KubeError } from '../../src/platform/kube/errors.js';
import { problemText } from '../../src/shared/problem/problemLines.js';
import { ErrorMessage } from './ErrorMessage.js';

describe('ErrorMessage', () => {
  it('shows the message and the next step', () => {
    const { lastFrame } = render(<ErrorMessage message="Cannot reach the cluster." nextStep="Check the VPN." />);
    expect(lastFrame()).toBe('× Cannot reach the cluster.\n  Next: Check the VPN.');
  });

  it('lists the points between the message and the next step, as the plain text does', () => {
    const problem = { message: 'Your user may not do it.', items: ['create secrets in namespace openfaas'], nextStep: 'Ask an admin.' };
    const { lastFrame } = render(<ErrorMessage {...problem} />);
    expect(lastFrame()).toBe('× Your user may not do it.\n  × create secrets in namespace openfaas\n  Next: Ask an admin.');
    expect(problemText(problem)).toBe(
      'probuilder-setup: Your user may not do it.\n  × create secrets in namespace openfaas\n  Next: Ask an admin.\n',
    );
  });

  it('renders any of this program’s errors through problemOf', () => {
    const { lastFrame } = render(<ErrorMessage {...problemOf(new HelmError('helm failed.', 'Read it.'))} />);
    expect(lastFrame()).toBe('× helm failed.\n  Next: Read it.');
    expect(problemOf(new KubeError('timeout', 'Timed out.', 'Retry.'))).toMatchObject({ message: 'Timed out.', nextStep: 'Retry.' });
    expect(problemOf(new Error('plain')).nextStep).toBeUndefined();
    expect(problemOf(Object.assign(new Error('duck'), { nextStep: 'Not of the family.' })).nextStep).toBeUndefined();
  });
});
