import { KYVERNO_ADDON, KYVERNO_ADMISSION_SERVICE_ACCOUNT } from '../../../addons/kyverno';
import { controlById } from '../../controls';
import { cfnResources, refersTo, type CfnResource } from '../../private/cloudformation';
import { isRecord } from '../../private/values';
import type { Rule, Violation } from '../../types';

/** The ECR call that reads an image manifest (and a cosign signature, which is one). */
const READ_ACTION = 'ecr:BatchGetImage';

/**
 * The rule `CFN-EKS-IMAGE-VERIFIER-IDENTITY`: an EKS cluster's stack gives Kyverno's admission controller a registry
 * role of its own through EKS Pod Identity. EKS keeps pods away from the node role (IMDSv2, hop limit 1), so
 * without it `verifyImages` finds no credentials and the fail-closed signature policy refuses every pod.
 * The AKS and GKE identities are visible in the Kyverno chart values, which `K8S-IMAGES-SIGNED` checks; on EKS the
 * association binds by namespace and name, so only the CloudFormation template shows it.
 */
export const cfnImageVerifierIdentity: Rule = {
  id: 'CFN-EKS-IMAGE-VERIFIER-IDENTITY',
  severity: 'error',
  controls: [controlById('images-signed').id],
  description: `Every EKS cluster has a Pod Identity association for Kyverno's admission controller (${KYVERNO_ADDON.namespace}/${KYVERNO_ADMISSION_SERVICE_ACCOUNT}) `
    + `whose role may read images (${READ_ACTION}), so the signature policy can fetch signatures.`,
  remediation: 'Create EksRegistryReader for the cluster with the Kyverno namespace and service account of the add-on catalog (the environment stack does, as ImageVerificationReader).',
  kind: 'cloudformation',
  clouds: ['aws'],
  check: (artifact) => {
    const template = artifact.document;
    const associations = cfnResources(template, 'AWS::EKS::PodIdentityAssociation');
    const policies = cfnResources(template, 'AWS::IAM::Policy');
    return cfnResources(template, 'AWS::EKS::Cluster').flatMap((cluster): Violation[] => {
      const verifier = associations.find((a) => refersTo(a.properties.ClusterName, cluster.logicalId)
        && a.properties.Namespace === KYVERNO_ADDON.namespace && a.properties.ServiceAccount === KYVERNO_ADMISSION_SERVICE_ACCOUNT);
      if (!verifier) {
        return [{
          resource: cluster.logicalId,
          message: `no Pod Identity association for ${KYVERNO_ADDON.namespace}/${KYVERNO_ADMISSION_SERVICE_ACCOUNT} (expected one whose role may call ${READ_ACTION} on the environment's repositories, like EksRegistryReader's)`,
        }];
      }
      const role = roleOf(verifier);
      const reads = role !== undefined && policies.some((p) => attachedTo(p, role) && allows(p.properties.PolicyDocument, READ_ACTION));
      return reads ? [] : [{
        resource: verifier.logicalId,
        message: `the role of ${KYVERNO_ADDON.namespace}/${KYVERNO_ADMISSION_SERVICE_ACCOUNT} may not call ${READ_ACTION} (expected an allow on the environment's repositories)`,
      }];
    });
  },
};

/** The logical id of the role an association names through `Fn::GetAtt [role, Arn]`. */
function roleOf(association: CfnResource): string | undefined {
  const getAtt = isRecord(association.properties.RoleArn) ? association.properties.RoleArn['Fn::GetAtt'] : undefined;
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

function attachedTo(policy: CfnResource, role: string): boolean {
  return Array.isArray(policy.properties.Roles) && policy.properties.Roles.some((r: unknown) => refersTo(r, role));
}

/** Whether a policy document has an Allow statement for `action` (named, or by a `service:*`-style wildcard). */
function allows(document: unknown, action: string): boolean {
  const statements = isRecord(document) ? document.Statement : undefined;
  return (Array.isArray(statements) ? statements : [statements]).some((s: any) => {
    if (!isRecord(s) || s.Effect !== 'Allow') return false;
    const actions: unknown[] = Array.isArray(s.Action) ? s.Action : [s.Action];
    return actions.some((a) => typeof a === 'string' && new RegExp(`^${a.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(action));
  });
}
