import { Annotations, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { EksCapacityType } from './eks-capacity-type';
import { EksUpgradeSupportType } from './eks-upgrade-support-type';
import { EksPodIdentity } from './pod-identity';
import { DEFAULT_ADDON_VERSIONS, DEFAULT_KUBERNETES_VERSION } from './private/eks-versions';
import { LOG_RETENTION_DAYS } from './private/log-retention';
import { suppressNag } from './private/nag';
import { readIpv4Cidr } from '../../core/cidr';
import { Problems } from '../../core/problems';
import { ClusterPublicEndpoint, PUBLIC_ENDPOINT_RECORD, publicEndpointConflict, publicEndpointProblems } from '../../core/public-endpoint';

/** An EKS cluster, built here or elsewhere, as other stacks refer to it. */
export interface IEksCluster extends IConstruct {
  /** The cluster name. */
  readonly clusterName: string;
  /** The cluster ARN. */
  readonly clusterArn: string;
  /** The URL of the Kubernetes API server. */
  readonly clusterEndpoint: string;
  /** The security group EKS created for the control plane and the managed nodes. */
  readonly clusterSecurityGroupId: string;
  /** The role of the managed nodes, when known. */
  readonly nodeRole?: iam.IRole;
}

/** How to find an existing cluster, for {@link EksCluster.fromClusterAttributes}. */
export interface EksClusterAttributes {
  /** The cluster name. */
  readonly clusterName: string;
  /**
   * The cluster ARN.
   * @default - the ARN of a cluster of that name in the stack's partition, region and account
   */
  readonly clusterArn?: string;
  /** The URL of the Kubernetes API server. */
  readonly clusterEndpoint: string;
  /** The security group EKS created for the control plane and the managed nodes. */
  readonly clusterSecurityGroupId: string;
  /**
   * The ARN of the managed nodes' role.
   * @default - unknown: `nodeRole` is undefined
   */
  readonly nodeRoleArn?: string;
}

/** Size and shape of one managed node group. */
export interface EksNodeGroupOptions {
  /** The fewest nodes. */
  readonly minSize: number;
  /** The most nodes. */
  readonly maxSize: number;
  /**
   * The node count at creation and on each deployment that changes it.
   * @default - minSize
   */
  readonly desiredSize?: number;
  /**
   * Leave the node count to the node autoscaler: `DesiredSize` is left out of the node group's template.
   *
   * With it in the template, every CloudFormation update of the scaling configuration (a new `minSize` or `maxSize`)
   * sends it again and EKS sets the node count back to it, terminating the nodes the Cluster Autoscaler added under
   * load. EKS documents that "when using CloudFormation, no action occurs if you remove this parameter from your CFN
   * template", and updates take any of the three sizes; but a node group is created with all three or none. So set
   * this only for node groups that exist (after the first deployment). Raising `minSize` above the current count is
   * then refused by EKS: let the autoscaler scale up first.
   * @default false - DesiredSize (desiredSize, or minSize) is in the template
   */
  readonly keepNodeCount?: boolean;
  /**
   * EC2 instance types, matching the AMI's architecture.
   * @default - system nodes: ['m7i.large']; general nodes: ['m7i.xlarge']
   */
  readonly instanceTypes?: string[];
  /**
   * The Amazon Linux 2023 AMI type.
   * @default 'AL2023_x86_64_STANDARD'
   */
  readonly amiType?: string;
  /**
   * On-demand or spot capacity.
   * @default EksCapacityType.ON_DEMAND
   */
  readonly capacityType?: EksCapacityType;
  /**
   * Size of each node's encrypted gp3 root volume.
   * @default 50
   */
  readonly diskSizeGiB?: number;
  /**
   * Nodes replaced at a time during an update of the group.
   * @default 1
   */
  readonly maxUnavailable?: number;
}

/** Pinned versions of the managed add-ons. Each must be compatible with the cluster's Kubernetes version. */
export interface EksAddonVersions {
  /**
   * Amazon VPC CNI (`vpc-cni`).
   * @default 'v1.20.1-eksbuild.3' when the cluster version is the default
   */
  readonly vpcCni?: string;
  /**
   * CoreDNS (`coredns`).
   * @default 'v1.12.2-eksbuild.4' when the cluster version is the default
   */
  readonly coreDns?: string;
  /**
   * kube-proxy (`kube-proxy`), whose minor version must equal the cluster's.
   * @default 'v1.33.3-eksbuild.6' when the cluster version is the default
   */
  readonly kubeProxy?: string;
  /**
   * Amazon EBS CSI driver (`aws-ebs-csi-driver`).
   * @default 'v1.45.0-eksbuild.2' when the cluster version is the default
   */
  readonly ebsCsiDriver?: string;
  /**
   * EKS Pod Identity agent (`eks-pod-identity-agent`).
   * @default 'v1.3.8-eksbuild.2' when the cluster version is the default
   */
  readonly podIdentityAgent?: string;
}

/** Properties of an {@link EksCluster}. */
export interface EksClusterProps {
  /** The VPC. The control plane's network interfaces and the nodes go into its `PRIVATE_WITH_EGRESS` subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * The cluster name. Required because the control-plane log group `/aws/eks/<name>/cluster` is created here,
   * encrypted and with a retention, before EKS would create an unencrypted one that never expires.
   */
  readonly clusterName: string;
  /**
   * The Kubernetes version, `1.NN`. Changing it upgrades the control plane, then the node groups.
   * @default '1.33'
   */
  readonly version?: string;
  /** The platform role that administers the cluster: it gets `AmazonEKSClusterAdminPolicy` at cluster scope. */
  readonly adminRoleArn: string;
  /**
   * Opens the API endpoint to `allowedCidrs` from the internet, besides the private endpoint in the VPC.
   * **Weakens the baseline**: the reason is recorded in the template metadata under
   * `cdk-enterprise-baseline:public-endpoint`, and policy checks flag the cluster.
   * @default - the API endpoint is private: reachable from the VPC only
   */
  readonly publicEndpoint?: ClusterPublicEndpoint;
  /**
   * Opens the API endpoint to these IPv4 CIDRs from the internet. Requires `publicEndpointReason`.
   * @default - the API endpoint is private: reachable from the VPC only
   * @deprecated use `publicEndpoint: { allowedCidrs, reason }`, the type EKS, AKS and GKE share
   */
  readonly endpointPublicAccessCidrs?: string[];
  /**
   * Why the API endpoint must be public. Required with `endpointPublicAccessCidrs`, refused without.
   * @default - none (private endpoint)
   * @deprecated use `publicEndpoint: { allowedCidrs, reason }`, the type EKS, AKS and GKE share
   */
  readonly publicEndpointReason?: string;
  /**
   * Retention of the control-plane logs (api, audit, authenticator, controllerManager, scheduler).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * The `system` node group: tainted `CriticalAddonsOnly=true:NoSchedule` and labelled `node-role=system`, for
   * CoreDNS, the EBS CSI controller and the platform's add-ons.
   * @default - { minSize: 3, maxSize: 6 }: one node per zone
   */
  readonly systemNodes?: EksNodeGroupOptions;
  /**
   * The `general` node group, labelled `node-role=general`, for workloads.
   * @default - { minSize: 3, maxSize: 12 }
   */
  readonly generalNodes?: EksNodeGroupOptions;
  /**
   * Versions of the managed add-ons. Required in full when `version` is not the default, because the defaults
   * are only known to match the default version.
   * @default - versions matching Kubernetes 1.33
   */
  readonly addonVersions?: EksAddonVersions;
  /**
   * EKS support after a version's standard support ends. `EXTENDED` keeps an old version running, at extra cost.
   * @default EksUpgradeSupportType.STANDARD: EKS upgrades the control plane when standard support ends
   */
  readonly upgradeSupportType?: EksUpgradeSupportType;
  /**
   * Whether EKS refuses to delete the cluster. Turning it off weakens the baseline.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Lets pods reach the nodes' instance metadata service (IMDSv2 hop limit 2 instead of 1), and with it the node
   * role's credentials. Weakens the baseline: give workloads their own role with {@link EksPodIdentity} instead.
   * @default false
   */
  readonly allowPodImdsAccess?: boolean;
  /**
   * Attaches `AmazonSSMManagedInstanceCore` to the node role, so operators reach nodes with Session Manager
   * (audited in CloudTrail) rather than SSH: nodes get no key pair and no open port.
   * @default true
   */
  readonly nodeSsmAccess?: boolean;
  /**
   * The alias of {@link EksCluster.nodeVolumeKey}, which also encrypts the persistent volumes the EBS CSI driver
   * creates: a StorageClass names the key by this alias's ARN, known before CloudFormation creates the key.
   * @default - `alias/eks/<clusterName>/volumes`
   */
  readonly volumeKeyAliasName?: string;
}

/** The five control-plane log types; the baseline enables them all. */
const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

const SYSTEM_NODE_DEFAULTS = { minSize: 3, maxSize: 6, instanceTypes: ['m7i.large'] };
const GENERAL_NODE_DEFAULTS = { minSize: 3, maxSize: 12, instanceTypes: ['m7i.xlarge'] };

/**
 * The EKS baseline, on the CloudFormation resources alone (no kubectl Lambda, no custom resource):
 *
 * - a control plane with a private API endpoint in the VPC's private subnets, secrets envelope-encrypted with a
 *   customer-managed key, all five log types in a KMS-encrypted log group with a retention, access entries only
 *   (`API` authentication, no implicit admin for the deploying principal), standard support and deletion protection;
 * - two managed node groups, `system` and `general`, over the VPC's private subnets, with IMDSv2 required and
 *   KMS-encrypted gp3 root volumes. Managed node groups replace unhealthy nodes themselves (node auto repair is on)
 *   and drain nodes during updates, `maxUnavailable` at a time;
 * - pinned managed add-ons: VPC CNI with network policy enforcement, CoreDNS, kube-proxy, the EKS Pod Identity
 *   agent and the EBS CSI driver, which gets its AWS permissions through {@link EksPodIdentity}, including the use
 *   of the volume key (alias `alias/eks/<clusterName>/volumes`) for persistent volumes: a StorageClass naming it
 *   (`EncryptedStorageClass` with `StorageClassDisk.awsEbs`) gives every claim the customer key.
 *
 * The node role carries only what nodes need to join, pull images and wire pod networking. Workloads get AWS
 * permissions through {@link EksPodIdentity}.
 */
export class EksCluster extends Construct implements IEksCluster {
  /** Refers to a cluster built elsewhere, for example the platform's cluster from a team's stack. */
  public static fromClusterAttributes(scope: Construct, id: string, attrs: EksClusterAttributes): IEksCluster {
    return new ImportedEksCluster(scope, id, attrs);
  }

  public readonly clusterName: string;
  public readonly clusterArn: string;
  public readonly clusterEndpoint: string;
  public readonly clusterSecurityGroupId: string;
  /** Base64 certificate authority data of the API server, for kubeconfigs. */
  public readonly clusterCertificateAuthorityData: string;
  /** The role of the managed nodes. It has no application permissions. */
  public readonly nodeRole: iam.Role;
  /** The customer-managed key envelope-encrypting Kubernetes secrets. Retained on stack deletion. */
  public readonly secretsKey: kms.Key;
  /** The customer-managed key encrypting the control-plane logs. Retained on stack deletion. */
  public readonly logKey: kms.Key;
  /**
   * The customer-managed key encrypting the nodes' root volumes and the persistent volumes of the EBS CSI driver.
   * Retained on stack deletion.
   */
  public readonly nodeVolumeKey: kms.Key;
  /** The alias of {@link nodeVolumeKey}; a StorageClass's `kmsKeyId` names it by ARN. */
  public readonly volumeKeyAlias: kms.Alias;
  /** The control-plane log group, `/aws/eks/<name>/cluster`. Retained on stack deletion. */
  public readonly logGroup: logs.LogGroup;
  /** The `system` managed node group. */
  public readonly systemNodeGroup: eks.CfnNodegroup;
  /** The `general` managed node group. */
  public readonly generalNodeGroup: eks.CfnNodegroup;
  /** The EKS Pod Identity of the EBS CSI controller. */
  public readonly ebsCsiPodIdentity: EksPodIdentity;

  private readonly resource: eks.CfnCluster;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const version = props.version ?? DEFAULT_KUBERNETES_VERSION;
    const logRetentionDays = props.logRetentionDays ?? 365;
    const systemNodes = withDefaults(props.systemNodes, SYSTEM_NODE_DEFAULTS);
    const generalNodes = withDefaults(props.generalNodes, GENERAL_NODE_DEFAULTS);
    const addonVersions = version === DEFAULT_KUBERNETES_VERSION
      ? { ...DEFAULT_ADDON_VERSIONS, ...props.addonVersions }
      : { ...props.addonVersions };
    const { subnetIds, problem: subnetProblem } = privateSubnets(props.vpc);
    this.node.addValidation(validate(props, version, logRetentionDays, systemNodes, generalNodes, addonVersions, subnetProblem));
    const versions = addonVersions as Required<EksAddonVersions>;

    this.secretsKey = new kms.Key(this, 'SecretsKey', {
      description: `Envelope-encrypts the Kubernetes secrets of EKS cluster ${props.clusterName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const logGroupName = `/aws/eks/${props.clusterName}/cluster`;
    this.logKey = new kms.Key(this, 'LogKey', {
      description: `Encrypts the control-plane logs of EKS cluster ${props.clusterName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs may use the key for this cluster's log group only.
    this.logKey.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:${logGroupName}` },
      },
    }));
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      encryptionKey: this.logKey,
      retention: logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.nodeVolumeKey = new kms.Key(this, 'NodeVolumeKey', {
      description: `Encrypts the node root volumes and the persistent volumes of EKS cluster ${props.clusterName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    grantToAutoScaling(this.nodeVolumeKey);
    const aliasName = props.volumeKeyAliasName ?? `alias/eks/${props.clusterName}/volumes`;
    this.volumeKeyAlias = new kms.Alias(this, 'NodeVolumeKeyAlias', {
      // A malformed name (or cluster name) is reported by the validation; kms.Alias would throw on it, stopping
      // every other report, so it gets a placeholder that never reaches a template.
      aliasName: Token.isUnresolved(aliasName) || isKmsAliasName(aliasName) ? aliasName : 'alias/eks/invalid/volumes',
      targetKey: this.nodeVolumeKey,
    });

    const clusterRole = new iam.Role(this, 'ClusterRole', {
      description: `Control plane of EKS cluster ${props.clusterName}`,
      assumedBy: new iam.ServicePrincipal('eks.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSClusterPolicy')],
    });
    this.secretsKey.grant(clusterRole, 'kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:CreateGrant');
    suppressNag(clusterRole, [{
      id: 'AwsSolutions-IAM4',
      appliesTo: [awsManagedPolicyFinding('AmazonEKSClusterPolicy')],
      reason: 'AmazonEKSClusterPolicy is the policy EKS documents for the cluster service role; AWS maintains it as EKS gains features, which a customer managed copy would silently miss.',
    }]);
    suppressNag(clusterRole.node.findChild('DefaultPolicy'), [{
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'This policy only lets the control plane use the secrets key of this cluster; inline keeps it bound to the cluster role and deleted with it, so no other principal can attach it.',
    }]);

    const nodePolicies = [
      'AmazonEKSWorkerNodePolicy',
      'AmazonEC2ContainerRegistryPullOnly',
      'AmazonEKS_CNI_Policy',
      ...((props.nodeSsmAccess ?? true) ? ['AmazonSSMManagedInstanceCore'] : []),
    ];
    this.nodeRole = new iam.Role(this, 'NodeRole', {
      description: `Managed nodes of EKS cluster ${props.clusterName}; no application permissions (pods use EKS Pod Identity)`,
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: nodePolicies.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    suppressNag(this.nodeRole, [{
      id: 'AwsSolutions-IAM4',
      appliesTo: nodePolicies.map(awsManagedPolicyFinding),
      reason: 'These are the AWS managed policies EKS documents for managed node groups (kubelet, image pulls, VPC CNI, and SSM Session Manager instead of SSH); AWS keeps them current with each EKS release, and the role has no application permissions.',
    }]);

    const publicEndpoint = publicEndpointOf(props);
    const publicCidrs = publicEndpoint?.allowedCidrs;
    this.resource = new eks.CfnCluster(this, 'Resource', {
      name: props.clusterName,
      version,
      roleArn: clusterRole.roleArn,
      resourcesVpcConfig: {
        subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs !== undefined,
        publicAccessCidrs: publicCidrs,
      },
      encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: this.secretsKey.keyArn } }],
      logging: { clusterLogging: { enabledTypes: CONTROL_PLANE_LOG_TYPES.map((type) => ({ type })) } },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      // The add-ons below are EKS-managed and pinned; unmanaged copies installed at creation would only drift.
      bootstrapSelfManagedAddons: false,
      upgradePolicy: { supportType: props.upgradeSupportType ?? EksUpgradeSupportType.STANDARD },
      deletionProtection: props.deletionProtection ?? true,
    });
    // EKS writes to the log group and the secrets key from the first minute: both must be ready before it starts.
    this.resource.node.addDependency(this.logGroup, clusterRole);
    if (props.endpointPublicAccessCidrs !== undefined || props.publicEndpointReason !== undefined) {
      Annotations.of(this).addWarningV2('cdk-enterprise-baseline:deprecated-public-endpoint-props',
        'EksCluster: endpointPublicAccessCidrs and publicEndpointReason are deprecated (use publicEndpoint: { allowedCidrs, reason }, the type EKS, AKS and GKE share)');
    }
    if (publicCidrs !== undefined) {
      this.resource.addMetadata(PUBLIC_ENDPOINT_RECORD, { cidrs: publicCidrs, reason: publicEndpoint?.reason });
    }

    this.clusterName = this.resource.ref;
    this.clusterArn = this.resource.attrArn;
    this.clusterEndpoint = this.resource.attrEndpoint;
    this.clusterSecurityGroupId = this.resource.attrClusterSecurityGroupId;
    this.clusterCertificateAuthorityData = this.resource.attrCertificateAuthorityData;

    new eks.CfnAccessEntry(this, 'AdminAccessEntry', {
      clusterName: this.clusterName,
      principalArn: props.adminRoleArn,
      type: 'STANDARD',
      accessPolicies: [{
        policyArn: `arn:${stack.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: 'cluster' },
      }],
    });

    // Node daemons: nodes only become Ready once pod networking (and kube-proxy, which aws-node needs to reach
    // the API server) runs on them, so these go in before the node groups.
    const nodeAddons = [
      this.addon('VpcCniAddon', 'vpc-cni', versions.vpcCni, JSON.stringify({ enableNetworkPolicy: 'true' })),
      this.addon('KubeProxyAddon', 'kube-proxy', versions.kubeProxy),
      this.addon('PodIdentityAgentAddon', 'eks-pod-identity-agent', versions.podIdentityAgent),
    ];

    const hopLimit = props.allowPodImdsAccess ? 2 : 1;
    this.systemNodeGroup = this.nodeGroup('SystemNodeGroup', systemNodes, version, subnetIds, hopLimit, 'system', true);
    this.generalNodeGroup = this.nodeGroup('GeneralNodeGroup', generalNodes, version, subnetIds, hopLimit, 'general', false);
    for (const nodeGroup of [this.systemNodeGroup, this.generalNodeGroup]) nodeGroup.node.addDependency(...nodeAddons);

    // Deployments need nodes to become healthy, and tolerate CriticalAddonsOnly: they land on the system nodes.
    const coreDns = this.addon('CoreDnsAddon', 'coredns', versions.coreDns);
    coreDns.node.addDependency(this.systemNodeGroup);

    this.ebsCsiPodIdentity = new EksPodIdentity(this, 'EbsCsiPodIdentity', {
      cluster: this,
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEBSCSIDriverPolicy')],
      policyStatements: volumeKeyStatements(this.nodeVolumeKey),
    });
    suppressNag(this.ebsCsiPodIdentity.role, [{
      id: 'AwsSolutions-IAM4',
      appliesTo: [awsManagedPolicyFinding('service-role/AmazonEBSCSIDriverPolicy')],
      reason: 'AmazonEBSCSIDriverPolicy is the policy the EBS CSI driver add-on documents; AWS updates it with the driver, and only the kube-system controller service account can assume this role.',
    }]);
    const ebsCsi = this.addon('EbsCsiDriverAddon', 'aws-ebs-csi-driver', versions.ebsCsiDriver);
    ebsCsi.node.addDependency(this.systemNodeGroup, this.ebsCsiPodIdentity);
  }

  private addon(id: string, addonName: string, addonVersion: string, configurationValues?: string): eks.CfnAddon {
    return new eks.CfnAddon(this, id, {
      clusterName: this.clusterName,
      addonName,
      addonVersion,
      configurationValues,
      resolveConflicts: 'OVERWRITE',
    });
  }

  private nodeGroup(
    id: string,
    options: ResolvedNodeGroupOptions,
    version: string,
    subnetIds: string[],
    hopLimit: number,
    role: string,
    critical: boolean,
  ): eks.CfnNodegroup {
    const launchTemplate = new ec2.CfnLaunchTemplate(this, `${id}LaunchTemplate`, {
      launchTemplateData: {
        // Hop limit 1 keeps IMDS, and the node role's credentials, out of reach of pods on the pod network;
        // hostNetwork daemons (VPC CNI, kube-proxy, Pod Identity agent) still reach it.
        metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: hopLimit },
        blockDeviceMappings: [{
          deviceName: '/dev/xvda',
          ebs: {
            volumeType: 'gp3',
            volumeSize: options.diskSizeGiB ?? 50,
            encrypted: true,
            kmsKeyId: this.nodeVolumeKey.keyArn,
            deleteOnTermination: true,
          },
        }],
      },
    });
    return new eks.CfnNodegroup(this, id, {
      clusterName: this.clusterName,
      version,
      nodeRole: this.nodeRole.roleArn,
      subnets: subnetIds,
      amiType: options.amiType ?? 'AL2023_x86_64_STANDARD',
      capacityType: options.capacityType ?? EksCapacityType.ON_DEMAND,
      instanceTypes: options.instanceTypes,
      scalingConfig: {
        minSize: options.minSize,
        maxSize: options.maxSize,
        ...(options.keepNodeCount ? {} : { desiredSize: options.desiredSize ?? options.minSize }),
      },
      updateConfig: { maxUnavailable: options.maxUnavailable ?? 1 },
      nodeRepairConfig: { enabled: true },
      launchTemplate: { id: launchTemplate.ref, version: launchTemplate.attrLatestVersionNumber },
      labels: { 'node-role': role },
      taints: critical ? [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }] : undefined,
    });
  }
}

class ImportedEksCluster extends Construct implements IEksCluster {
  public readonly clusterName: string;
  public readonly clusterArn: string;
  public readonly clusterEndpoint: string;
  public readonly clusterSecurityGroupId: string;
  public readonly nodeRole?: iam.IRole;

  constructor(scope: Construct, id: string, attrs: EksClusterAttributes) {
    super(scope, id);
    this.clusterName = attrs.clusterName;
    this.clusterArn = attrs.clusterArn ?? Stack.of(this).formatArn({ service: 'eks', resource: 'cluster', resourceName: attrs.clusterName });
    this.clusterEndpoint = attrs.clusterEndpoint;
    this.clusterSecurityGroupId = attrs.clusterSecurityGroupId;
    this.nodeRole = attrs.nodeRoleArn === undefined
      ? undefined
      : iam.Role.fromRoleArn(this, 'NodeRole', attrs.nodeRoleArn, { mutable: false });
  }
}

/**
 * What the EBS CSI controller needs on the volume key to create, attach and snapshot encrypted volumes (the KMS
 * policy of the driver's documentation, with the actions spelled out): EC2 uses the key through grants the
 * controller creates, which must be for an AWS resource.
 */
function volumeKeyStatements(key: kms.IKey): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'UseVolumeKey',
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
      resources: [key.keyArn],
    }),
    new iam.PolicyStatement({
      sid: 'GrantVolumeKeyToEbs',
      actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      resources: [key.keyArn],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }),
  ];
}

/**
 * Managed node groups launch instances through the account's EC2 Auto Scaling service-linked role, which must be
 * able to use the volume key. The key policy names it by condition rather than as principal: KMS refuses a policy
 * naming a role that does not exist yet, and in a fresh account the service-linked role appears only with the
 * first Auto Scaling group.
 */
/** How cdk-nag's IAM4 names an AWS managed policy attached with `ManagedPolicy.fromAwsManagedPolicyName`. */
/** The public endpoint the props ask for, from the shared prop or its deprecated pair. */
function publicEndpointOf(props: EksClusterProps): ClusterPublicEndpoint | undefined {
  if (props.publicEndpoint !== undefined) return props.publicEndpoint;
  if (props.endpointPublicAccessCidrs === undefined) return undefined;
  return { allowedCidrs: props.endpointPublicAccessCidrs, reason: props.publicEndpointReason ?? '' };
}

function isKmsAliasName(name: string): boolean {
  return /^alias\/[A-Za-z0-9/_-]{1,250}$/.test(name) && !name.startsWith('alias/aws/');
}

function awsManagedPolicyFinding(name: string): string {
  return `Policy::arn:<AWS::Partition>:iam::aws:policy/${name}`;
}

function grantToAutoScaling(key: kms.Key): void {
  const stack = Stack.of(key);
  const serviceLinkedRole = `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: { ArnEquals: { 'aws:PrincipalArn': serviceLinkedRole } },
  }));
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: {
      ArnEquals: { 'aws:PrincipalArn': serviceLinkedRole },
      Bool: { 'kms:GrantIsForAWSResource': 'true' },
    },
  }));
}

type ResolvedNodeGroupOptions = EksNodeGroupOptions & { readonly instanceTypes: string[] };

function withDefaults(
  options: EksNodeGroupOptions | undefined,
  defaults: { minSize: number; maxSize: number; instanceTypes: string[] },
): ResolvedNodeGroupOptions {
  if (options === undefined) return defaults;
  return { ...options, instanceTypes: options.instanceTypes ?? defaults.instanceTypes };
}

function privateSubnets(vpc: ec2.IVpc): { subnetIds: string[]; problem?: string } {
  let selection: ec2.SelectedSubnets;
  try {
    selection = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
  } catch {
    return { subnetIds: [], problem: 'vpc has no PRIVATE_WITH_EGRESS subnets (expected private subnets with NAT egress for the nodes and the control plane)' };
  }
  const zones = new Set(selection.availabilityZones);
  if (zones.size < 2) {
    return {
      subnetIds: selection.subnetIds,
      problem: `vpc has PRIVATE_WITH_EGRESS subnets in ${zones.size} availability zone(s) (expected at least 2; EKS requires two and the baseline spreads nodes over three)`,
    };
  }
  return { subnetIds: selection.subnetIds };
}

function validate(
  props: EksClusterProps,
  version: string,
  logRetentionDays: number,
  systemNodes: ResolvedNodeGroupOptions,
  generalNodes: ResolvedNodeGroupOptions,
  addonVersions: EksAddonVersions,
  subnetProblem: string | undefined,
): Problems {
  const problems = new Problems('EksCluster');
  const known = (value: unknown) => !Token.isUnresolved(value);

  if (known(props.clusterName) && !/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(props.clusterName)) {
    problems.push(`clusterName "${props.clusterName}" is not an EKS cluster name (expected 1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit)`);
  }
  if (known(version) && !/^1\.\d{2}$/.test(version)) {
    problems.push(`version "${version}" is not a Kubernetes minor version (expected like ${DEFAULT_KUBERNETES_VERSION})`);
  } else if (version !== DEFAULT_KUBERNETES_VERSION) {
    const missing = (Object.keys(DEFAULT_ADDON_VERSIONS) as (keyof EksAddonVersions)[]).filter((k) => addonVersions[k] === undefined);
    if (missing.length > 0) {
      problems.push(`addonVersions misses ${missing.join(', ')} for version "${version}" (expected every add-on version; the defaults match ${DEFAULT_KUBERNETES_VERSION} only)`);
    }
  }
  if (known(props.adminRoleArn) && !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(props.adminRoleArn)) {
    problems.push(`adminRoleArn "${props.adminRoleArn}" is not an IAM role ARN (expected like arn:aws:iam::111111111111:role/platform-admin)`);
  }
  if (subnetProblem) problems.push(subnetProblem);
  if (props.volumeKeyAliasName !== undefined && known(props.volumeKeyAliasName) && !isKmsAliasName(props.volumeKeyAliasName)) {
    problems.push(`volumeKeyAliasName "${props.volumeKeyAliasName}" is not a KMS alias name (expected "alias/" then up to 250 letters, digits, '/', '_' or '-', not under alias/aws/, like alias/eks/acme-prod/volumes)`);
  }

  if (props.publicEndpoint !== undefined) {
    problems.push(...publicEndpointProblems('publicEndpoint', props.publicEndpoint, { isUnresolved: Token.isUnresolved }));
    problems.push(publicEndpointConflict('publicEndpoint', ['endpointPublicAccessCidrs', 'publicEndpointReason'].filter((key) => props[key as keyof EksClusterProps] !== undefined)));
  }
  const cidrs = props.publicEndpoint === undefined ? props.endpointPublicAccessCidrs : undefined;
  if (cidrs !== undefined) {
    if (cidrs.length === 0) {
      problems.push('endpointPublicAccessCidrs is empty (expected the CIDRs allowed to reach the public endpoint, or no value for a private endpoint)');
    }
    for (const cidr of cidrs.filter(known)) {
      const reading = readIpv4Cidr(cidr);
      if (reading.problem === 'host-bits') {
        problems.push(`endpointPublicAccessCidrs "${cidr}" has host bits set (expected the network address ${reading.networkForm})`);
      } else if (reading.network === undefined) {
        problems.push(`endpointPublicAccessCidrs "${cidr}" is not an IPv4 CIDR (expected like 203.0.113.0/24)`);
      } else if (reading.network.prefixLength === 0) {
        problems.push(`endpointPublicAccessCidrs "${cidr}" opens the API endpoint to the whole internet (expected the CIDRs of your offices, VPN or CI runners)`);
      }
    }
    if (!props.publicEndpointReason?.trim()) {
      problems.push('publicEndpointReason is missing (expected why the API endpoint must be reachable from outside the VPC, since endpointPublicAccessCidrs is set)');
    }
  } else if (props.publicEndpoint === undefined && props.publicEndpointReason !== undefined) {
    problems.push('publicEndpointReason is set without endpointPublicAccessCidrs (expected both for a public endpoint, or neither for a private one)');
  }

  if (props.upgradeSupportType !== undefined && !Object.values(EksUpgradeSupportType).includes(props.upgradeSupportType)) {
    problems.push(`upgradeSupportType ${JSON.stringify(props.upgradeSupportType)} is not of type EksUpgradeSupportType (expected one of ${Object.values(EksUpgradeSupportType).join(', ')})`);
  }
  if (known(logRetentionDays) && !LOG_RETENTION_DAYS.includes(logRetentionDays)) {
    problems.push(`logRetentionDays ${logRetentionDays} is not a CloudWatch Logs retention (expected one of ${LOG_RETENTION_DAYS.join(', ')})`);
  }
  problems.push(...nodeGroupProblems('systemNodes', systemNodes, 1), ...nodeGroupProblems('generalNodes', generalNodes, 0));

  return problems;
}

function nodeGroupProblems(name: string, options: ResolvedNodeGroupOptions, leastMinSize: number): string[] {
  const problems: string[] = [];
  const { minSize, maxSize, desiredSize } = options;
  const known = (value: number | undefined): value is number => value !== undefined && !Token.isUnresolved(value);
  const isCount = (value: number, least: number) => Number.isInteger(value) && value >= least;

  if (known(minSize) && !isCount(minSize, leastMinSize)) {
    const why = leastMinSize > 0 ? ' (expected an integer of at least 1: CoreDNS and the critical add-ons run here)' : ' (expected an integer of at least 0)';
    problems.push(`${name}.minSize ${minSize} is out of range${why}`);
  }
  if (known(maxSize) && !isCount(maxSize, 1)) {
    problems.push(`${name}.maxSize ${maxSize} is out of range (expected an integer of at least 1)`);
  } else if (known(minSize) && known(maxSize) && maxSize < minSize) {
    problems.push(`${name}.maxSize ${maxSize} is below minSize ${minSize} (expected minSize <= maxSize)`);
  }
  if (options.keepNodeCount && desiredSize !== undefined) {
    problems.push(`${name}.desiredSize ${desiredSize} is given with keepNodeCount (expected one of them: keepNodeCount leaves the node count to the autoscaler)`);
  } else if (known(desiredSize) && known(minSize) && known(maxSize)
    && (!Number.isInteger(desiredSize) || desiredSize < minSize || desiredSize > maxSize)) {
    problems.push(`${name}.desiredSize ${desiredSize} is outside ${minSize} to ${maxSize} (expected an integer with minSize <= desiredSize <= maxSize)`);
  }
  if (options.capacityType !== undefined && !Object.values(EksCapacityType).includes(options.capacityType)) {
    problems.push(`${name}.capacityType ${JSON.stringify(options.capacityType)} is not of type EksCapacityType (expected one of ${Object.values(EksCapacityType).join(', ')})`);
  }
  if (options.instanceTypes.length === 0) {
    problems.push(`${name}.instanceTypes is empty (expected at least one EC2 instance type, like m7i.large)`);
  }
  if (options.amiType !== undefined && !Token.isUnresolved(options.amiType) && !options.amiType.startsWith('AL2023_')) {
    problems.push(`${name}.amiType "${options.amiType}" is not an Amazon Linux 2023 AMI type (expected like AL2023_x86_64_STANDARD or AL2023_ARM_64_STANDARD)`);
  }
  if (known(options.diskSizeGiB) && !(Number.isInteger(options.diskSizeGiB) && options.diskSizeGiB >= 20 && options.diskSizeGiB <= 16384)) {
    problems.push(`${name}.diskSizeGiB ${options.diskSizeGiB} is out of range (expected an integer from 20 to 16384)`);
  }
  if (known(options.maxUnavailable) && !(Number.isInteger(options.maxUnavailable) && options.maxUnavailable >= 1 && options.maxUnavailable <= 100)) {
    problems.push(`${name}.maxUnavailable ${options.maxUnavailable} is out of range (expected an integer from 1 to 100)`);
  }
  return problems;
}
