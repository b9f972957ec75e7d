import { describe, expect, it } from 'vitest';
import { deploymentNameFor, isReleaseNotFound, parseReleaseInfo, valueAt } from './release.js';
import { helmStatusJson } from '../../platform/helm/testing/fakeHelm.js';
import { chartValues } from '../testing/chartValues.js';

describe('parseReleaseInfo', () => {
  it('reads helm status JSON including nanosecond deploy times and the description', () => {
    const info = parseReleaseInfo(
      JSON.stringify(
        helmStatusJson({
          chartVersion: '0.4.19',
          lastDeployed: '2025-03-14T11:40:00.123456789+01:00',
          firstDeployed: '2025-03-01T09:00:00Z',
          revision: 7,
          description: 'Upgrade complete',
        }),
      ),
    );
    expect(info).toMatchObject({
      name: 'pro-builder',
      revision: 7,
      status: 'deployed',
      chartVersion: '0.4.19',
      description: 'Upgrade complete',
    });
    expect(info.lastDeployed?.toISOString()).toBe('2025-03-14T10:40:00.123Z');
    expect(info.firstDeployed?.toISOString()).toBe('2025-03-01T09:00:00.000Z');
  });
});

describe('deploymentNameFor', () => {
  it('follows the chart fullname helper', () => {
    expect(deploymentNameFor('pro-builder', chartValues())).toBe('pro-builder');
    expect(deploymentNameFor('builder', chartValues({ fullnameOverride: '' }))).toBe('builder-pro-builder');
    expect(deploymentNameFor('team-pro-builder', chartValues({ fullnameOverride: '' }))).toBe('team-pro-builder');
    expect(deploymentNameFor('x', chartValues({ fullnameOverride: 'custom-' }))).toBe('custom');
    expect(deploymentNameFor('anything', undefined)).toBe('pro-builder');
  });
});

describe('helpers', () => {
  it("recognise helm's not-found message and read dotted values", () => {
    expect(isReleaseNotFound('Error: release: not found\n')).toBe(true);
    expect(isReleaseNotFound('Error: Kubernetes cluster unreachable')).toBe(false);
    expect(valueAt(chartValues(), 'buildkit.resources.requests.cpu')).toBe('2000m');
    expect(valueAt(chartValues(), 'buildkit.nope.deeper')).toBeUndefined();
  });
});
