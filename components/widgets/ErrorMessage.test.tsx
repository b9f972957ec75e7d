import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { HelmError } from '../../src/platform/helm/helm.js';
import { KubeError } from '../../src/platform/kube/errors.js';
import { ErrorMessage, errorParts } from './ErrorMessage.js';

describe('ErrorMessage', () => {
  it('shows the message and the next step', () => {
    const { lastFrame } = render(<ErrorMessage message="Cannot reach the cluster." nextStep="Check the VPN." />);
    expect(lastFrame()).toBe('× Cannot reach the cluster.\n  Next: Check the VPN.');
  });

  it('errorParts takes the next step from any of this program’s errors', () => {
    expect(errorParts(new KubeError('timeout', 'Timed out.', 'Retry.'))).toEqual({ message: 'Timed out.', nextStep: 'Retry.' });
    expect(errorParts(new HelmError('helm failed.', 'Read it.'))).toEqual({ message: 'helm failed.', nextStep: 'Read it.' });
    expect(errorParts(new Error('plain'))).toEqual({ message: 'plain', nextStep: undefined });
  });
});
