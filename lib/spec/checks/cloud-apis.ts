import { show } from '../../../core/show';
import { AWS_INTERFACE_ENDPOINTS, AWS_MANAGED_POLICY_SERVICES, awsManagedPolicyName } from '../cloud-apis';
import { formatPath, SpecIssue } from '../errors';

/**
 * AWS grants whose APIs the clusters could not reach: a pod reaches AWS only through the VPC's interface endpoints
 * (its NetworkPolicies open nothing else outside the cluster), so every granted action must belong to an API with
 * one, and every managed policy must be one whose APIs are known.
 */
export function cloudApiIssues(spec: any): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const services: any[] = Array.isArray(spec?.services) ? spec.services : [];
  const apis = Object.keys(AWS_INTERFACE_ENDPOINTS).join(', ');
  const policies = Object.keys(AWS_MANAGED_POLICY_SERVICES).join(', ');
  services.forEach((svc, i) => {
    const aws = svc?.cloudAccess?.aws;
    (Array.isArray(aws?.statements) ? aws.statements : []).forEach((statement: any, j: number) => {
      (Array.isArray(statement?.actions) ? statement.actions : []).forEach((action: unknown, k: number) => {
        if (typeof action !== 'string' || !action.includes(':')) return;
        const prefix = action.split(':')[0];
        if (AWS_INTERFACE_ENDPOINTS[prefix] !== undefined) return;
        issues.push({
          path: formatPath(['services', i, 'cloudAccess', 'aws', 'statements', j, 'actions', k]),
          message: `${show(action)} is an action of an API the cluster cannot reach privately (expected an action of ${apis}; DynamoDB goes through the gateway endpoint, whose public ranges a NetworkPolicy cannot name)`,
        });
      });
    });
    (Array.isArray(aws?.managedPolicyArns) ? aws.managedPolicyArns : []).forEach((arn: unknown, j: number) => {
      if (typeof arn !== 'string') return;
      if (AWS_MANAGED_POLICY_SERVICES[awsManagedPolicyName(arn) ?? ''] !== undefined) return;
      issues.push({
        path: formatPath(['services', i, 'cloudAccess', 'aws', 'managedPolicyArns', j]),
        message: `${show(arn)} does not tell which APIs the service needs a private path to (expected one of ${policies}, or statements with named actions)`,
      });
    });
  });
  return issues;
}
