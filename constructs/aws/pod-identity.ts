import { Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { IEksCluster } from './eks-cluster';
import { suppressNag } from './private/nag';
import { isDnsLabel, isDnsSubdomain } from '../../core/names';
import { Problems } from '../../core/problems';

/** Properties of an {@link EksPodIdentity}. */
export interface EksPodIdentityProps {
  /** The cluster whose pods receive the role. */
  readonly cluster: IEksCluster;
  /** The Kubernetes namespace of the service account. */
  readonly namespace: string;
  /** The Kubernetes service account whose pods receive the role's credentials. */
  readonly serviceAccount: string;
  /**
   * Managed policies attached to the role.
   * @default - none
   */
  readonly managedPolicies?: iam.IManagedPolicy[];
  /**
   * Statements of the role's inline policy.
   * @default - none
   */
  readonly policyStatements?: iam.PolicyStatement[];
}

/**
 * AWS credentials for the pods of one Kubernetes service account, through EKS Pod Identity: an IAM role and the
 * association binding it to `namespace/serviceAccount` on the cluster.
 *
 * The role trusts `pods.eks.amazonaws.com` only for the session tags EKS Pod Identity sets for this very cluster,
 * namespace and service account, so another association in the account cannot borrow the role.
 */
export class EksPodIdentity extends Construct {
  /** The role the pods assume. Grant it what the workload needs. */
  public readonly role: iam.Role;
  /** The ARN of the pod identity association. */
  public readonly associationArn: string;
  /** The id of the pod identity association. */
  public readonly associationId: string;

  constructor(scope: Construct, id: string, props: EksPodIdentityProps) {
    super(scope, id);
    this.node.addValidation(validate(props));

    const { cluster, namespace, serviceAccount } = props;
    this.role = new iam.Role(this, 'Role', {
      description: `EKS Pod Identity role of ${namespace}/${serviceAccount}`,
      assumedBy: new iam.SessionTagsPrincipal(new iam.ServicePrincipal('pods.eks.amazonaws.com').withConditions({
        StringEquals: {
          'aws:RequestTag/eks-cluster-arn': cluster.clusterArn,
          'aws:RequestTag/kubernetes-namespace': namespace,
          'aws:RequestTag/kubernetes-service-account': serviceAccount,
        },
      })),
      managedPolicies: props.managedPolicies,
    });
    for (const statement of props.policyStatements ?? []) this.role.addToPrincipalPolicy(statement);
    const inlinePolicy = this.role.node.tryFindChild('DefaultPolicy');
    if (inlinePolicy) {
      suppressNag(inlinePolicy, [{
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: 'The statements belong to this one workload; inline keeps them bound to its pod identity role and deleted with it, and spares the account quota of customer managed policies that one policy per service would use up.',
      }]);
    }

    const association = new eks.CfnPodIdentityAssociation(this, 'Resource', {
      clusterName: cluster.clusterName,
      namespace,
      serviceAccount,
      roleArn: this.role.roleArn,
    });
    // Pods may start as soon as the association exists: their permissions must be attached by then.
    association.node.addDependency(this.role);
    this.associationArn = association.attrAssociationArn;
    this.associationId = association.attrAssociationId;
  }
}

function validate(props: EksPodIdentityProps): Problems {
  const problems = new Problems('EksPodIdentity');
  if (!Token.isUnresolved(props.namespace) && !isDnsLabel(props.namespace)) {
    problems.push(`namespace "${props.namespace}" is not a Kubernetes namespace name (expected a DNS label like team-a, at most 63 characters)`);
  }
  if (!Token.isUnresolved(props.serviceAccount) && !isDnsSubdomain(props.serviceAccount)) {
    problems.push(`serviceAccount "${props.serviceAccount}" is not a Kubernetes service account name (expected a DNS subdomain like my-app, at most 253 characters)`);
  }
  return problems;
}
