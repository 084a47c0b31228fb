import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { IEksCluster } from './eks-cluster';
import { EksPodIdentity } from './pod-identity';
import { nagText, suppressNag } from './private/nag';
import { isDnsLabel, isDnsSubdomain } from '../../core/names';
import { Problems } from '../../core/problems';

/** Properties of an {@link EksRegistryReader}. */
export interface EksRegistryReaderProps {
  /** The cluster whose pods read the registry. */
  readonly cluster: IEksCluster;
  /** Namespace of the service account, e.g. `kyverno`. */
  readonly namespace: string;
  /** Service account of the pods that read, e.g. `kyverno-admission-controller`. */
  readonly serviceAccount: string;
  /** Repository name prefixes the pods may read in this account and region (`acme-prod` covers `acme-prod/*`). */
  readonly repositoryPrefixes: readonly string[];
}

/** What reading an image or its signature needs: a registry token, then manifests and layers (cosign signatures are OCI artifacts beside the image). */
const READ_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:DescribeImages', 'ecr:GetDownloadUrlForLayer', 'ecr:ListImages'];
const PREFIX = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/**
 * Read access to the organization's ECR repositories for the pods of one service account, through EKS Pod Identity.
 *
 * Built for the policy engine's image verification: Kyverno fetches each image's cosign signature from the registry
 * with the credentials of its own pod. The baseline's nodes keep IMDSv2 at a hop limit of 1, so pods cannot borrow
 * the node role; without an identity of its own Kyverno cannot read a signature, and its fail-closed webhook refuses
 * every service pod. Read-only, and only the repositories under the given prefixes; `ecr:GetAuthorizationToken`
 * takes no resource ARN.
 */
export class EksRegistryReader extends Construct {
  /** The pod identity: its role and the association with the service account. */
  public readonly podIdentity: EksPodIdentity;
  /** The role the pods assume. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: EksRegistryReaderProps) {
    super(scope, id);
    const problems = new Problems('EksRegistryReader');
    if (!Token.isUnresolved(props.namespace) && !isDnsLabel(props.namespace)) {
      problems.invalid('namespace', props.namespace, 'is not a Kubernetes namespace name', 'a DNS label like kyverno');
    }
    if (!Token.isUnresolved(props.serviceAccount) && !isDnsSubdomain(props.serviceAccount)) {
      problems.invalid('serviceAccount', props.serviceAccount, 'is not a Kubernetes service account name', 'a DNS subdomain like kyverno-admission-controller');
    }
    if (props.repositoryPrefixes.length === 0) {
      problems.invalid('repositoryPrefixes', props.repositoryPrefixes, 'is empty', 'at least one repository name prefix, like acme-prod');
    }
    props.repositoryPrefixes.forEach((prefix, i) => {
      if (!Token.isUnresolved(prefix) && !PREFIX.test(prefix)) {
        problems.invalid(`repositoryPrefixes[${i}]`, prefix, 'is not an ECR repository name prefix', 'lowercase path segments without a trailing slash or wildcard, like acme-prod');
      }
    });
    this.node.addValidation(problems);

    const stack = Stack.of(this);
    const repositoryArns = props.repositoryPrefixes.map((prefix) => stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: `${prefix}/*` }));
    this.podIdentity = new EksPodIdentity(this, 'PodIdentity', {
      cluster: props.cluster,
      // A bad name is reported above with this construct's path; a placeholder keeps it from being raised twice.
      namespace: problems.length === 0 ? props.namespace : 'kyverno',
      serviceAccount: problems.length === 0 ? props.serviceAccount : 'kyverno-admission-controller',
      policyStatements: [
        new iam.PolicyStatement({ sid: 'RegistryToken', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
        new iam.PolicyStatement({ sid: 'ReadImagesAndSignatures', actions: READ_ACTIONS, resources: repositoryArns }),
      ],
    });
    this.role = this.podIdentity.role;
    suppressNag(this.role.node.findChild('DefaultPolicy'), [{
      id: 'AwsSolutions-IAM5',
      appliesTo: ['Resource::*', ...repositoryArns.map((arn) => `Resource::${nagText(stack.resolve(arn))}`)],
      reason: 'ecr:GetAuthorizationToken supports no resource-level permission; the read actions are limited to the repositories under the organization\'s prefixes of this environment, whose names vary per team and service.',
    }]);
  }
}
