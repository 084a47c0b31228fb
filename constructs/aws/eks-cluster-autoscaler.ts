import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { IEksCluster } from './eks-cluster';
import { EksPodIdentity } from './pod-identity';
import { nagText, suppressNag } from './private/nag';
import { isDnsLabel, isDnsSubdomain } from '../../core/names';
import { Problems } from '../../core/problems';

/** Properties of an {@link EksClusterAutoscaler}. */
export interface EksClusterAutoscalerProps {
  /** The cluster whose managed node groups the autoscaler scales. */
  readonly cluster: IEksCluster;
  /**
   * Namespace the Cluster Autoscaler runs in (where its Helm chart is installed).
   * @default 'cluster-autoscaler'
   */
  readonly namespace?: string;
  /**
   * Service account of the Cluster Autoscaler pods (the chart's `rbac.serviceAccount.name`).
   * @default 'cluster-autoscaler'
   */
  readonly serviceAccount?: string;
}

/** Read-only calls the autoscaler makes to discover node groups and their instance types; none take a resource ARN. */
const DISCOVERY_ACTIONS = [
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribeAutoScalingInstances',
  'autoscaling:DescribeLaunchConfigurations',
  'autoscaling:DescribeScalingActivities',
  'autoscaling:DescribeTags',
  'ec2:DescribeImages',
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeLaunchTemplateVersions',
  'ec2:GetInstanceTypesFromInstanceRequirements',
];
/** The only calls that change anything: resize a group, or remove one chosen instance from it. */
const SCALING_ACTIONS = ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'];

/**
 * The AWS side of Cluster Autoscaler on an EKS cluster: an IAM role, given to the autoscaler's service account through
 * EKS Pod Identity, with the least privilege the Cluster Autoscaler documents for AWS.
 *
 * It may describe Auto Scaling groups and instance types (these calls take no resource ARN), describe this cluster's
 * node groups, and resize or remove instances only from Auto Scaling groups tagged as this cluster's managed node
 * groups (`eks:cluster-name` and `k8s.io/cluster-autoscaler/enabled`, which EKS sets on every managed node group's
 * group). The chart itself (`cluster-autoscaler` in the add-on catalog) runs in the cluster.
 */
export class EksClusterAutoscaler extends Construct {
  /** The pod identity: its role and the association with the autoscaler's service account. */
  public readonly podIdentity: EksPodIdentity;
  /** The role the autoscaler's pods assume. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: EksClusterAutoscalerProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'cluster-autoscaler';
    const serviceAccount = props.serviceAccount ?? 'cluster-autoscaler';
    const problems = new Problems('EksClusterAutoscaler');
    if (!Token.isUnresolved(namespace) && !isDnsLabel(namespace)) {
      problems.invalid('namespace', namespace, 'is not a Kubernetes namespace name', 'a DNS label like cluster-autoscaler');
    }
    if (!Token.isUnresolved(serviceAccount) && !isDnsSubdomain(serviceAccount)) {
      problems.invalid('serviceAccount', serviceAccount, 'is not a Kubernetes service account name', 'a DNS subdomain like cluster-autoscaler');
    }
    this.node.addValidation(problems);

    const { cluster } = props;
    const stack = Stack.of(this);
    const nodeGroupsArn = stack.formatArn({ service: 'eks', resource: 'nodegroup', resourceName: `${cluster.clusterName}/*/*` });
    this.podIdentity = new EksPodIdentity(this, 'PodIdentity', {
      cluster,
      // A bad name is reported above, with this construct's path; the association gets a placeholder meanwhile so
      // the same problem is not raised twice.
      namespace: problems.length === 0 ? namespace : 'cluster-autoscaler',
      serviceAccount: problems.length === 0 ? serviceAccount : 'cluster-autoscaler',
      policyStatements: [
        new iam.PolicyStatement({ sid: 'DiscoverNodeGroups', actions: DISCOVERY_ACTIONS, resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'DescribeOwnNodeGroups',
          actions: ['eks:DescribeNodegroup'],
          resources: [nodeGroupsArn],
        }),
        new iam.PolicyStatement({
          sid: 'ScaleOwnNodeGroups',
          actions: SCALING_ACTIONS,
          resources: ['*'],
          conditions: {
            StringEquals: {
              'aws:ResourceTag/eks:cluster-name': cluster.clusterName,
              'aws:ResourceTag/k8s.io/cluster-autoscaler/enabled': 'true',
            },
          },
        }),
      ],
    });
    this.role = this.podIdentity.role;
    suppressNag(this.role.node.findChild('DefaultPolicy'), [{
      id: 'AwsSolutions-IAM5',
      appliesTo: ['Resource::*', `Resource::${nagText(stack.resolve(nodeGroupsArn))}`],
      reason: 'The Describe calls of Auto Scaling and EC2 support no resource-level permissions; SetDesiredCapacity and TerminateInstanceInAutoScalingGroup are limited by condition to the Auto Scaling groups EKS tags as this cluster\'s managed node groups; eks:DescribeNodegroup is limited to this cluster\'s node groups.',
    }]);
  }
}
