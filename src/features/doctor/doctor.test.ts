import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from './checks/index.js';
import { toPlainText } from './format.js';
import { exitCodeFor, runChecks } from './runner.js';
import { helmStatusJson } from '../../platform/helm/testing/fakeHelm.js';
import { DEPLOYED_AT, NS } from './testing/fixtures.js';
import { healthyScenario } from './testing/scenario.js';
import { CATEGORIES } from './types.js';

describe('the whole doctor', () => {
  it('passes every check that applies on a healthy mTLS install and exits 0', async () => {
    const s = await healthyScenario();
    const outcomes = await runChecks(ALL_CHECKS, s.ctx());
    const problems = outcomes.filter((o) => o.status !== 'pass' && o.skipReason !== 'not-applicable');
    expect(problems, toPlainText(outcomes, { color: false })).toEqual([]);
    expect(outcomes.find((o) => o.id === 'secrets.certificates')?.status).toBe('pass');
    expect(exitCodeFor(outcomes)).toBe(0);
  });

  it('needs no certificate secrets on a socket-generation install', async () => {
    const s = await healthyScenario();
    s.helm.status = helmStatusJson({ chartVersion: '0.6.10', appVersion: '0.5.5', lastDeployed: DEPLOYED_AT });
    s.kube.secrets.delete(`${NS}/buildkit-daemon-certs`);
    s.kube.secrets.delete(`${NS}/buildkit-client-certs`);
    const outcomes = await runChecks(ALL_CHECKS, s.ctx());
    expect(outcomes.find((o) => o.id === 'secrets.certificates')).toMatchObject({ status: 'skipped', skipReason: 'not-applicable' });
    expect(exitCodeFor(outcomes)).toBe(0);
  });

  it('has unique, dotted check ids in category order, with dependencies pointing backwards', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+\.[a-z-]+$/);
    const order = ALL_CHECKS.map((c) => CATEGORIES.indexOf(c.category));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    ALL_CHECKS.forEach((c, i) => {
      for (const dep of c.needs ?? []) {
        expect(ids.indexOf(dep), `${c.id} needs ${dep}`).toBeGreaterThanOrEqual(0);
        expect(ids.indexOf(dep), `${c.id} needs ${dep}`).toBeLessThan(i);
      }
    });
  });
});
