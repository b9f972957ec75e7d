import type { V1Pod, V1PodSpec } from '@kubernetes/client-node';
import { fitReport, nodeHeadroom } from '../headroom.js';
import { isRelevantNode, podName } from '../kubeShapes.js';
import { fail, pass, plural, warn } from '../result.js';
import type { Check } from '../types.js';
import { startEarly } from '../../../platform/startEarly.js';

function isUnscheduled(p: V1Pod): boolean {
  return p.status?.phase === 'Pending' && (p.status?.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.status === 'False');
}

export const nodeFit: Check = {
  id: 'nodes.fit',
  category: 'Node resources',
  description: 'room on the nodes for the pod',
  needs: ['cluster.reachable'],
  async run(ctx) {
    // The node list does not depend on the pods: ask for both at once.
    const nodesRead = startEarly(ctx.nodes());
    const pods = await ctx.pods().catch(() => [] as V1Pod[]);
    const pending = pods.find(isUnscheduled);
    const d = await ctx.deployment().catch(() => undefined);
    const desired = d?.spec?.replicas ?? 1;
    // Listing pods on every node is the expensive part; only do it when something waits for a node.
    let target: V1Pod | V1PodSpec | undefined = pending;
    if (!target && d?.spec?.template.spec && pods.length === 0 && desired > 0) target = d.spec.template.spec;
    const nodes = await nodesRead;
    const relevant = nodes.filter(isRelevantNode);
    const nodeEvidence = `${plural(nodes.length, 'node')}, ${relevant.length} Ready and schedulable`;
    if (!target) {
      if (!pods.length) return pass(`No pod is waiting for a node (${nodeEvidence}).`, [nodeEvidence]);
      return pass(pods.length === 1 ? "The release's pod is scheduled." : `All ${pods.length} pods of the release are scheduled.`, [
        nodeEvidence,
        ...pods.map((p) => `${podName(p)} on ${p.spec?.nodeName ?? '(none)'}`),
      ]);
    }
    const headroom = nodeHeadroom(nodes, await ctx.podsOnNodes());
    const report = fitReport(target, headroom);
    const about = pending ? `Pod ${podName(pending)} is not scheduled` : "The Deployment's pod";
    const evidence = [nodeEvidence, ...report.evidence];
    if (report.fits) {
      return pending
        ? warn(`${about}, but capacity is not the reason: ${report.summary}`, evidence, {
            hint: "See the Events checks for the scheduler's message (taints, affinity, quota).",
          })
        : pass(report.summary, evidence);
    }
    return fail(`${about}: ${report.summary}`, evidence, { hint: report.hint, final: report.final });
  },
};
