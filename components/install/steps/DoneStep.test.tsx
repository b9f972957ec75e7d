import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testPlan, TEST_SECRETS } from '../../../src/features/install/plan.testkit.js';
import { doneSummary } from '../../../src/features/install/report.js';
import { renderAt } from '../../testing/renderAt.js';
import { flat, waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { DoneStep } from './DoneStep.js';

afterEach(() => cleanup());

describe('DoneStep', () => {
  it('says what was created, where payload.txt is and how to call the builder', async () => {
    const onShown = vi.fn();
    const r = render(
      <DoneStep plan={testPlan()} rollout={{ ok: true, timedOut: false, deploymentName: 'pro-builder', warnings: [] }} onShown={onShown} />,
    );
    // Commands too wide for the terminal are broken with " \\": joined again they read as one line.
    const frame = flat((await waitForFrame(r.lastFrame, 'port-forward')).replace(/ \\\n\s+/g, ' '));
    expect(frame).toContain('✓ The pro-builder is running in namespace openfaas');
    expect(frame).toContain('Created or updated: secret/openfaas-license, secret/registry-secret, secret/payload-secret.');
    expect(frame).toContain('/work/site/payload.txt');
    expect(frame).toContain('kubectl port-forward -n openfaas deploy/pro-builder 8081:8080');
    expect(frame).toContain('faas-cli publish --remote-builder http://127.0.0.1:8081');
    expect(frame).toContain('X-Build-Signature: sha256=$HMAC');
    for (const s of Object.values(TEST_SECRETS)) expect(frame).not.toContain(s);
    await waitFor(() => onShown.mock.calls.length > 0);
  });

  describe('at 80 columns', () => {
    const dir = '/home/alice/projects/openfaas/builder';
    const plan = testPlan({ answers: { outputDir: dir, valuesFile: `${dir}/custom-values.yaml` } });
    const backups = [`${dir}/config.json.bak-20260102T030405Z`, `${dir}/payload.txt.bak-20260102T030405Z`];
    const rollout = { ok: true, timedOut: false, deploymentName: 'pro-builder', warnings: [] };

    it('wraps sentences indented, keeps every path whole on a line and breaks commands with " \\"', async () => {
      const onPasteable = vi.fn();
      const r = renderAt(<DoneStep plan={plan} rollout={rollout} backups={backups} onShown={() => {}} onPasteable={onPasteable} />, {
        columns: 80,
      });
      const frame = await waitForFrame(r.lastFrame, 'curl');
      const lines = frame.split('\n');
      for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
      // Only a summary line's own start sits at column 0; what wraps is indented.
      const starts = doneSummary(plan, rollout, backups).filter((l) => /^\S/.test(l));
      for (const l of lines.filter((x) => /^\S/.test(x)))
        expect(
          starts.some((s) => s.startsWith(l) || `✓ ${s}`.startsWith(l)),
          l,
        ).toBe(true);
      for (const path of [...backups, `${dir}/custom-values.yaml`, `${dir}/payload.txt`])
        expect(
          lines.some((l) => l.includes(path)),
          `${path}\n${frame}`,
        ).toBe(true);
      // Joined at its " \\" line ends, each command is the one-line command again.
      const joined = frame.replace(/ \\\n\s+/g, ' ');
      expect(joined).toContain(`faas-cli publish --remote-builder http://127.0.0.1:8081 --payload-secret ${dir}/payload.txt -f stack.yaml`);
      expect(joined).toContain('curl -s -X POST --data-binary @req.tar -H "X-Build-Signature: sha256=$HMAC" http://127.0.0.1:8081/build');
      expect(onPasteable).not.toHaveBeenCalled();
    });

    it('repeats whole, after the screen, a path wider than the terminal', async () => {
      const deep = `${dir}/a/folder/nested/far/too/deep/to/fit/on/one/line/of/eighty/columns`;
      const onPasteable = vi.fn();
      const wide = testPlan({ answers: { outputDir: deep, valuesFile: `${deep}/custom-values.yaml` } });
      const r = renderAt(<DoneStep plan={wide} rollout={rollout} onShown={() => {}} onPasteable={onPasteable} />, { columns: 80 });
      await waitForFrame(r.lastFrame, 'curl');
      await waitFor(() => onPasteable.mock.calls.length > 0);
      const text = onPasteable.mock.calls[0]![0] as string;
      expect(text.split('\n')).toContain(`${deep}/custom-values.yaml`);
    });
  });
});
