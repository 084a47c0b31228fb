import { SpecIssue, formatPath } from './errors';
import { show } from '../../core/show';
import { ESCALATION_ROLES } from '../standards/alerts';

/**
 * Cross-field rules of `alerting.breakGlass.entraSignInLogs`: it names an environment on Azure, and there are Azure
 * accounts to watch.
 */
export function breakGlassIssues(spec: any): SpecIssue[] {
  const entra = spec?.alerting?.breakGlass?.entraSignInLogs;
  if (entra === null || typeof entra !== 'object' || typeof entra.environment !== 'string') return [];
  const issues: SpecIssue[] = [];
  const environments: any[] = Array.isArray(spec.environments) ? spec.environments : [];
  const onAzure = environments.filter((e) => e?.azure !== undefined && typeof e?.name === 'string').map((e) => e.name as string);
  if (!onAzure.includes(entra.environment)) {
    issues.push({
      path: formatPath(['alerting', 'breakGlass', 'entraSignInLogs', 'environment']),
      message: `${show(entra.environment)} is not an environment on Azure (expected one of ${onAzure.join(', ') || 'none: no environment is on Azure'})`,
    });
  }
  const accounts = spec.alerting.breakGlass.azure;
  if (!Array.isArray(accounts) || accounts.length === 0) {
    issues.push({
      path: formatPath(['alerting', 'breakGlass', 'azure']),
      message: 'names no account, but entraSignInLogs asks for their sign-ins to be watched (expected at least one user principal name)',
    });
  }
  return issues;
}

/**
 * Cross-field rules of `alerting.roles`: every receiver a role names exists in `alerting.escalation`, and a role
 * names each receiver once. Runs on whatever is well-formed, so it reports alongside the schema's problems.
 */
export function alertingRoleIssues(alerting: any): SpecIssue[] {
  if (alerting === null || typeof alerting !== 'object') return [];
  const issues: SpecIssue[] = [];
  const receivers = (Array.isArray(alerting.escalation) ? alerting.escalation : [])
    .map((r: any) => r?.name)
    .filter((n: unknown): n is string => typeof n === 'string');
  const roles = alerting.roles;
  // Without receivers the schema has already said so; naming every role's receiver as unknown would only add noise.
  if (roles === null || typeof roles !== 'object' || receivers.length === 0) return issues;
  for (const role of ESCALATION_ROLES) {
    const names = roles[role];
    if (!Array.isArray(names)) continue;
    const seen = new Set<string>();
    names.forEach((name: unknown, i: number) => {
      if (typeof name !== 'string') return;
      const path = formatPath(['alerting', 'roles', role, i]);
      if (!receivers.includes(name)) {
        issues.push({ path, message: `${show(name)} is not a receiver of alerting.escalation (expected one of ${receivers.join(', ')})` });
      } else if (seen.has(name)) {
        issues.push({ path, message: `${show(name)} is listed twice for the ${role} role (expected each receiver once)` });
      }
      seen.add(name);
    });
  }
  return issues;
}
