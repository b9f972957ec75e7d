import { awsPartitionForRegion } from './ecr.js';

/**
 * What the ECR credential helper and BuildKit call to push (and to check layers before pushing),
 * per the pro-builder chart documentation.
 */
export const ECR_PUSH_ACTIONS: readonly string[] = [
  'ecr:GetAuthorizationToken',
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:GetRepositoryPolicy',
  'ecr:DescribeRepositories',
  'ecr:ListImages',
  'ecr:DescribeImages',
  'ecr:BatchGetImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
];

export interface IamStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string;
}

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: IamStatement[];
}

export interface EcrPolicyScope {
  accountId: string;
  region: string;
}

/**
 * The policy for the IRSA role. Without a scope it allows the push actions on every repository,
 * as the chart documents. With a scope, repository actions are limited to that account and
 * region; GetAuthorizationToken stays on "*" because it is not tied to a repository.
 */
export function ecrIamPolicy(scope?: EcrPolicyScope): IamPolicyDocument {
  if (!scope) {
    return {
      Version: '2012-10-17',
      Statement: [{ Sid: 'ProBuilderEcrPush', Effect: 'Allow', Action: [...ECR_PUSH_ACTIONS], Resource: '*' }],
    };
  }
  const partition = awsPartitionForRegion(scope.region);
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'EcrLogin', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
      {
        Sid: 'ProBuilderEcrPush',
        Effect: 'Allow',
        Action: ECR_PUSH_ACTIONS.filter((a) => a !== 'ecr:GetAuthorizationToken'),
        Resource: `arn:${partition}:ecr:${scope.region}:${scope.accountId}:repository/*`,
      },
    ],
  };
}

export function ecrIamPolicyJson(scope?: EcrPolicyScope): string {
  return `${JSON.stringify(ecrIamPolicy(scope), null, 2)}\n`;
}
