import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REFERENCE_CHART_README } from '../../../test/support/referenceData.js';
import { ECR_PUSH_ACTIONS, ecrIamPolicy, ecrIamPolicyJson } from './ecrPolicy.js';

const README = REFERENCE_CHART_README;

describe('ecrIamPolicy', () => {
  it('allows every documented push action on all repositories by default', () => {
    const p = ecrIamPolicy();
    expect(p.Version).toBe('2012-10-17');
    expect(p.Statement).toHaveLength(1);
    expect(p.Statement[0]).toMatchObject({ Effect: 'Allow', Resource: '*' });
    expect(new Set(p.Statement[0]?.Action)).toEqual(new Set(ECR_PUSH_ACTIONS));
    expect(ECR_PUSH_ACTIONS).toEqual(
      expect.arrayContaining([
        'ecr:GetAuthorizationToken',
        'ecr:PutImage',
        'ecr:InitiateLayerUpload',
        'ecr:UploadLayerPart',
        'ecr:CompleteLayerUpload',
        'ecr:BatchCheckLayerAvailability',
      ]),
    );
  });

  it.runIf(safeExists(README))('lists exactly the ECR actions of the chart README', () => {
    const documented = new Set(
      readFileSync(README, 'utf8')
        .match(/"ecr:[A-Za-z]+"/g)
        ?.map((a) => a.slice(1, -1)),
    );
    expect(new Set(ECR_PUSH_ACTIONS)).toEqual(documented);
  });

  it('with a scope, keeps GetAuthorizationToken on "*" and limits the rest to the account and region', () => {
    const p = ecrIamPolicy({ accountId: '123456789012', region: 'cn-north-1' });
    const login = p.Statement.find((s) => s.Action.includes('ecr:GetAuthorizationToken'));
    const push = p.Statement.find((s) => s.Action.includes('ecr:PutImage'));
    expect(login?.Resource).toBe('*');
    expect(login?.Action).toEqual(['ecr:GetAuthorizationToken']);
    expect(push?.Resource).toBe('arn:aws-cn:ecr:cn-north-1:123456789012:repository/*');
    expect(new Set(p.Statement.flatMap((s) => s.Action))).toEqual(new Set(ECR_PUSH_ACTIONS));
  });

  it('serialises to indented JSON ending in a newline', () => {
    const text = ecrIamPolicyJson();
    expect(JSON.parse(text)).toEqual(ecrIamPolicy());
    expect(text.endsWith('}\n')).toBe(true);
  });
});

function safeExists(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}
