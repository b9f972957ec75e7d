import { describe, expect, it, vi } from 'vitest';
import { buildUninstallPlan } from '../../src/features/uninstall/plan.js';
import { installedSnapshot } from '../../src/features/uninstall/plan.testkit.js';
import { renderAt } from '../testing/renderAt.js';
import { waitForFrame } from '../testing/waitForFrame.js';
import { ConfirmScreen } from './ConfirmScreen.js';

describe('ConfirmScreen', () => {
  it('at 80 columns wraps a long warning under its text, not at column 0', async () => {
    const warning =
      'Secret openfaas/registry-secret is also mounted by Deployment openfaas/gateway-extra and Deployment openfaas/queue-worker-extra: they stop working.';
    const plan = { ...buildUninstallPlan(installedSnapshot()), warnings: [warning] };
    const r = renderAt(<ConfirmScreen plan={plan} onYes={vi.fn()} onBack={vi.fn()} />, { columns: 80 });
    const lines = (await waitForFrame(r.lastFrame, 'This removes:')).split('\n');
    const first = lines.findIndex((l) => l.startsWith('! Secret openfaas/registry-secret'));
    expect(first).toBeGreaterThan(0);
    expect(lines[first + 1]).toMatch(/^ {2}\S/);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
  });
});
