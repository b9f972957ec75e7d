import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServicesProvider } from '../../services/ServicesContext.js';
import { fakeFiles, fakeServices } from '../../testing/fakes.js';
import { KEY } from '../../testing/keys.js';
import { clearField, typeAndSubmit } from '../../testing/typing.js';
import { waitFor, waitForFrame } from '../../testing/waitForFrame.js';
import { IrsaForm, type IrsaFormProps } from './IrsaForm.js';

afterEach(() => cleanup());

const ROLE = 'arn:aws:iam::123456789012:role/pro-builder-ecr';

function setup(initial: IrsaFormProps['initial'] = { accountId: '123456789012', region: 'eu-west-1' }, podIdentity = false) {
  const files = fakeFiles();
  const onDone = vi.fn();
  const onBack = vi.fn();
  const r = render(
    <ServicesProvider services={fakeServices({ files })}>
      <IrsaForm initial={initial} namespace="openfaas" podIdentity={podIdentity} onDone={onDone} onBack={onBack} />
    </ServicesProvider>,
  );
  return { ...r, onDone, onBack, files };
}

/** Enter on the account id and the region given as initial answers; the role question's frame. */
async function toRole(r: ReturnType<typeof setup>, region = 'eu-west-1') {
  await waitForFrame(r.lastFrame, 'AWS account id: 123456789012');
  r.stdin.write(KEY.enter);
  await waitForFrame(r.lastFrame, `AWS region: ${region}`);
  r.stdin.write(KEY.enter);
  return waitForFrame(r.lastFrame, 'IAM role ARN:');
}

/** Enter on "Continue without saving the policy": the form ends with the role (and the cluster, if any), writing nothing. */
async function continueWithoutPolicy(r: ReturnType<typeof setup>, podIdentity?: { clusterName: string }) {
  r.stdin.write(KEY.enter);
  await waitFor(() => r.onDone.mock.calls.length > 0);
  expect(r.onDone).toHaveBeenCalledWith({
    kind: 'ecr-irsa',
    accountId: '123456789012',
    region: 'eu-west-1',
    roleArn: ROLE,
    policyFile: undefined,
    ...(podIdentity ? { podIdentity } : {}),
  });
  expect(r.files.written).toEqual({});
}

describe('IrsaForm', () => {
  it('suggests a role ARN in the partition of the region typed (aws-cn for a China region)', async () => {
    const r = setup({ accountId: '123456789012', region: 'cn-north-1' });
    expect(await toRole(r, 'cn-north-1')).toContain('arn:aws-cn:iam::123456789012:role/pro-builder-ecr');
  });

  it('validates the role ARN, shows the IAM policy and continues without writing it', async () => {
    const r = setup();
    await toRole(r);
    await typeAndSubmit(r, 'arn:aws:sts::123456789012:assumed-role/x/y');
    await waitForFrame(r.lastFrame, 'an assumed-role session');
    await clearField(r, 'IAM role ARN', 'arn:aws:sts::123456789012:assumed-role/x/y');
    await typeAndSubmit(r, ROLE);
    const frame = await waitForFrame(r.lastFrame, 'Continue without saving the policy');
    expect(frame).toContain('"ecr:PutImage"');
    expect(frame).toContain('openfaas/pro-builder-ecr');
    await continueWithoutPolicy(r);
  });

  it('records the chosen policy file without writing it: the review lists it and the apply writes it', async () => {
    const r = setup();
    await toRole(r);
    await typeAndSubmit(r, ROLE);
    await waitForFrame(r.lastFrame, 'Save the policy to a file');
    r.stdin.write(KEY.down);
    await waitForFrame(r.lastFrame, '❯ Save the policy to a file');
    r.stdin.write(KEY.enter);
    await waitForFrame(r.lastFrame, 'Save the policy as: ./pro-builder-ecr-policy.json');
    await clearField(r, 'Save the policy as', './pro-builder-ecr-policy.json');
    await typeAndSubmit(r, '/work/policy.json');
    await waitFor(() => r.onDone.mock.calls.length > 0);
    expect(r.files.written).toEqual({});
    expect(r.onDone.mock.calls[0]![0].policyFile).toBe('/work/policy.json');
  });

  it('warns when the role is in another account', async () => {
    const r = setup();
    await toRole(r);
    await typeAndSubmit(r, 'arn:aws:iam::999999999999:role/pb');
    await waitForFrame(r.lastFrame, 'The role is in account 999999999999');
  });
});

describe('IrsaForm for EKS Pod Identity', () => {
  it('asks for the cluster, then shows the policy, the trust policy and the quoted association command', async () => {
    const r = setup(undefined, true);
    expect(await waitForFrame(r.lastFrame, 'AWS account id: 123456789012')).toContain('Amazon ECR with EKS Pod Identity');
    await toRole(r);
    await typeAndSubmit(r, ROLE);
    await waitForFrame(r.lastFrame, 'EKS cluster name:');
    await typeAndSubmit(r, 'prod cluster');
    await waitForFrame(r.lastFrame, 'an EKS cluster name is 1-100 letters');
    await clearField(r, 'EKS cluster name', 'prod cluster');
    await typeAndSubmit(r, 'prod-eu');
    const frame = (await waitForFrame(r.lastFrame, 'Continue without saving the policy')).replace(/\s+/g, ' ');
    expect(frame).toContain('"ecr:PutImage"');
    expect(frame).toContain('"Service": "pods.eks.amazonaws.com"');
    expect(frame).toContain('"sts:TagSession"');
    expect(frame).toContain(
      `aws eks create-pod-identity-association --cluster-name prod-eu --namespace openfaas --service-account pro-builder-ecr --role-arn ${ROLE} --region eu-west-1`,
    );
    await continueWithoutPolicy(r, { clusterName: 'prod-eu' });
  });
});
