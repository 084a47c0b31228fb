import { acme } from '../../../examples/acme/org';
import { defineOrganization, MAX_TEAM_STACK_RESOURCES, OrganizationSpec, SpecValidationError } from '../../../lib/spec';

/** Builds a variant of the example with one environment changed. */
function withEnvironment(index: number, change: (env: any) => any): OrganizationSpec {
  return { ...acme, environments: acme.environments.map((env, i) => (i === index ? change(structuredClone(env)) : env)) };
}

function issuesOf(spec: unknown): string[] {
  try {
    defineOrganization(spec as OrganizationSpec);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecValidationError);
    return (e as SpecValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the spec to be rejected');
}

describe('defineOrganization rejects invalid specs with the path, the bad value and what is expected', () => {
  test.each<[string, OrganizationSpec, string]>([
    ['organization name not a DNS label', { ...acme, name: 'Acme_Corp' },
      'name: "Acme_Corp" is not a DNS label (expected lowercase letters, digits and hyphens, starting with a letter, at most 12 characters)'],
    ['organization name too long', { ...acme, name: 'acme-corporation' },
      'name: "acme-corporation" is not a DNS label (expected lowercase letters, digits and hyphens, starting with a letter, at most 12 characters)'],
    ['environment name not a DNS label', withEnvironment(1, (e) => ({ ...e, name: 'Staging' })),
      'environments[1].name: "Staging" is not a DNS label (expected lowercase letters, digits and hyphens, starting with a letter, at most 12 characters)'],
    ['team name not a DNS label', { ...acme, teams: [...acme.teams, { name: 'data_science' }] },
      'teams[3].name: "data_science" is not a DNS label (expected lowercase letters, digits and hyphens, starting with a letter, at most 40 characters)'],
    ['duplicate environment', withEnvironment(2, (e) => ({ ...e, name: 'dev' })),
      'environments[2].name: "dev" duplicates environments[0].name (expected unique environment names)'],
    ['duplicate team', { ...acme, teams: [...acme.teams, { name: 'payments' }] },
      'teams[3].name: "payments" duplicates teams[0].name (expected unique team names)'],
    ['unknown tier', withEnvironment(0, (e) => ({ ...e, tier: 'qa' })),
      'environments[0].tier: "qa" is not a tier (expected one of dev, staging, prod)'],
    ['AWS account not 12 digits', withEnvironment(0, (e) => ({ ...e, aws: { ...e.aws, account: '12345' } })),
      'environments[0].aws.account: "12345" is not an AWS account id (expected 12 digits)'],
    ['Azure subscription not a GUID', withEnvironment(1, (e) => ({ ...e, azure: { ...e.azure, subscriptionId: 'my-subscription' } })),
      'environments[1].azure.subscriptionId: "my-subscription" is not an Azure subscription id (expected a GUID like 00000000-0000-0000-0000-000000000000)'],
    ['GCP project id invalid', withEnvironment(2, (e) => ({ ...e, gcp: { ...e.gcp, project: 'Acme_Prod' } })),
      'environments[2].gcp.project: "Acme_Prod" is not a GCP project id (expected 6-30 lowercase letters, digits and hyphens, starting with a letter)'],
    ['AWS region unknown', withEnvironment(0, (e) => ({ ...e, aws: { ...e.aws, region: 'eu-west1' } })),
      'environments[0].aws.region: "eu-west1" is not an AWS region (expected one like eu-west-1)'],
    ['Azure location unknown', withEnvironment(0, (e) => ({ ...e, azure: { ...e.azure, location: 'West Europe' } })),
      'environments[0].azure.location: "West Europe" is not an Azure location (expected one like westeurope)'],
    ['GCP region unknown', withEnvironment(0, (e) => ({ ...e, gcp: { ...e.gcp, region: 'europe-west-1' } })),
      'environments[0].gcp.region: "europe-west-1" is not a GCP region (expected one like europe-west1)'],
    ['CIDR prefix out of range', withEnvironment(2, (e) => ({ ...e, aws: { ...e.aws, cidr: '10.0.0.0/33' } })),
      'environments[2].aws.cidr: "10.0.0.0/33" is not an IPv4 CIDR (expected like 10.20.0.0/16)'],
    ['CIDR not an address', withEnvironment(0, (e) => ({ ...e, gcp: { ...e.gcp, cidr: '10.12.0/16' } })),
      'environments[0].gcp.cidr: "10.12.0/16" is not an IPv4 CIDR (expected like 10.20.0.0/16)'],
    ['CIDR with host bits', withEnvironment(0, (e) => ({ ...e, azure: { ...e.azure, cidr: '10.11.3.0/16' } })),
      'environments[0].azure.cidr: "10.11.3.0/16" is not a network address (expected 10.11.0.0/16: the address with the host bits cleared)'],
    ['AWS CIDR too small for the subnets', withEnvironment(0, (e) => ({ ...e, aws: { ...e.aws, cidr: '10.10.0.0/24' } })),
      'environments[0].aws.cidr: "10.10.0.0/24" is too small for the baseline subnets (expected /20 or larger: 3 private /22, 3 public /25, 3 isolated /25, 3 endpoints /26)'],
    ['Azure CIDR too small for the subnets', withEnvironment(0, (e) => ({ ...e, azure: { ...e.azure, cidr: '10.11.0.0/23' } })),
      'environments[0].azure.cidr: "10.11.0.0/23" is too small for the baseline subnets (expected /22 or larger: user nodes /23, system nodes /24, private endpoints /25, api server /26)'],
    ['GCP CIDR too small for the subnets', withEnvironment(0, (e) => ({ ...e, gcp: { ...e.gcp, cidr: '10.12.0.0/22' } })),
      'environments[0].gcp.cidr: "10.12.0.0/22" is too small for the baseline subnets (expected /20 or larger: pods /21, nodes /22, services /23)'],
    ['AWS CIDR larger than a VPC', withEnvironment(0, (e) => ({ ...e, aws: { ...e.aws, cidr: '172.16.0.0/12' } })),
      'environments[0].aws.cidr: "172.16.0.0/12" is larger than an AWS VPC allows (expected /16 to /20)'],
    ['CIDRs overlap across environments and clouds', withEnvironment(2, (e) => ({ ...e, gcp: { ...e.gcp, cidr: '10.11.128.0/20' } })),
      'environments[2].gcp.cidr: "10.11.128.0/20" overlaps environments[0].azure.cidr "10.11.0.0/16" (expected a network unique across all environments and clouds; they will be connected)'],
    ['mandatory tag missing', { ...acme, tags: { 'owner': 'platform-team', 'data-classification': 'internal' } },
      'tags["cost-center"]: missing mandatory tag (expected owner, cost-center, data-classification on the organization)'],
    ['tag value invalid on some cloud', { ...acme, tags: { ...acme.tags, owner: 'Platform Team' } },
      'tags.owner: "Platform Team" is not a valid tag value on every cloud (expected lowercase letters, digits, "-" or "_", at most 63 characters, starting and ending with a letter or digit)'],
    ['environment tag set by hand', { ...acme, tags: { ...acme.tags, environment: 'prod' } },
      'tags.environment: "prod" is set by the library for each environment (expected no "environment" tag here)'],
    ['unknown key (a typo)', withEnvironment(0, (e) => ({ ...e, aws: { ...e.aws, acount: '111111111111' } })),
      'environments[0].aws.acount: unknown key "acount" (check the spelling; see OrganizationSpec for the keys allowed here)'],
    ['required key missing', withEnvironment(0, (e) => ({ ...e, aws: { region: 'eu-west-1', cidr: '10.10.0.0/16' } })),
      'environments[0].aws.account: is required (expected a string)'],
    ['Terraform state missing', { ...acme, terraformState: { gcp: acme.terraformState!.gcp } },
      'terraformState.azure: is required because environments are placed on Azure (expected the remote state location; Terraform state is never local)'],
    ['AKS admin groups missing while Azure is used', { ...acme, kubernetes: { version: '1.33' } },
      'kubernetes.azureAdminGroupObjectIds: is required because environments are placed on Azure (expected the Entra ID groups that administer the AKS clusters; local accounts are disabled)'],
    ['Kubernetes version malformed', { ...acme, kubernetes: { ...acme.kubernetes, version: 'v1.33.1' } },
      'kubernetes.version: "v1.33.1" is not a Kubernetes minor version (expected like 1.33)'],
    ['cluster log retention outside what every cloud accepts', { ...acme, tierProfiles: { prod: { cluster: { logRetentionDays: 1096 } } } },
      'tierProfiles.prod.cluster.logRetentionDays: 1096 is not a control-plane log retention (expected one of 30, 60, 90, 120, 150, 180, 365, 400, 545)'],
    ['flow log retention below the 90 days CIS asks', { ...acme, tierProfiles: { dev: { network: { flowLogRetentionDays: 30 } } } },
      'tierProfiles.dev.network.flowLogRetentionDays: 30 is less than CIS asks of flow logs (expected at least 90 days)'],
    ['tier override out of range', { ...acme, tierProfiles: { prod: { network: { flowLogRetentionDays: 100 } } } },
      'tierProfiles.prod.network.flowLogRetentionDays: 100 is not a log retention (expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)'],
    ['duplicate service', { ...acme, services: [...acme.services!, { name: 'checkout', team: 'storefront' }] },
      'services[13].name: "checkout" duplicates services[1].name (expected unique service names)'],
    ['service of an unknown team', { ...acme, services: [...acme.services!, { name: 'billing', team: 'finance' }] },
      'services[13].team: "finance" is not a team of this organization (expected one of payments, storefront, data-platform)'],
    ['service name not a DNS label', { ...acme, services: [{ name: 'Payments_API', team: 'payments' }] },
      'services[0].name: "Payments_API" is not a DNS label (expected lowercase letters, digits and hyphens, starting with a letter, at most 40 characters)'],
    ['service on a privileged port', { ...acme, services: [{ name: 'web', team: 'storefront', port: 80 }] },
      'services[0].port: 80 is not an unprivileged port (expected 1024 to 65535; containers run as non-root)'],
    ['service with a single replica', { ...acme, services: [{ name: 'web', team: 'storefront', replicas: 1 }] },
      'services[0].replicas: 1 is not a highly available replica count (expected 2 to 100)'],
    ['SLO above what can be measured', { ...acme, services: [{ name: 'web', team: 'storefront', slo: { availabilityPercent: 100 } }] },
      'services[0].slo.availabilityPercent: 100 is not an availability objective (expected 90 to 99.999 percent)'],
    ['service resource not a quantity', { ...acme, services: [{ name: 'web', team: 'storefront', resources: { memoryLimit: '1GB' } }] },
      'services[0].resources.memoryLimit: "1GB" is not a Kubernetes quantity (expected like 500m, 2 or 4Gi)'],
    ['DR region equal to the home region', withEnvironment(2, (e) => ({ ...e, aws: { ...e.aws, drRegion: 'eu-central-1' } })),
      'environments[2].aws.drRegion: "eu-central-1" is the environment\'s own region (expected a different region, so a regional outage does not take the replica too)'],
    ['DR location unknown', withEnvironment(2, (e) => ({ ...e, azure: { ...e.azure, drLocation: 'West Europe' } })),
      'environments[2].azure.drLocation: "West Europe" is not an Azure location (expected one like northeurope)'],
    ['Prometheus retention shorter than the SLO period', { ...acme, tierProfiles: { dev: { monitoring: { prometheusRetentionDays: 14 } } } },
      'tierProfiles.dev.monitoring.prometheusRetentionDays: 14 is shorter than the SLO period (expected 30 to 365 days: error budgets are computed over 30 days)'],
    ['audit retention below a year', { ...acme, tierProfiles: { dev: { audit: { retentionDays: 90 } } } },
      'tierProfiles.dev.audit.retentionDays: 90 is too short for audit evidence (expected 365 to 36500 days; CIS asks for at least a year)'],
    ['break-glass account that is not a sign-in name', { ...acme, alerting: { ...acme.alerting, breakGlass: { gcp: ['breakglass@acme.example" OR true'] } } },
      'alerting.breakGlass.gcp[0]: "breakglass@acme.example\\" OR true" is not an account sign-in name (expected like breakglass1@acme.onmicrosoft.com)'],
    ['Entra sign-in logs exported from an environment that is not on Azure', { ...acme, alerting: { ...acme.alerting, breakGlass: { ...acme.alerting.breakGlass, entraSignInLogs: { environment: 'qa' } } } },
      'alerting.breakGlass.entraSignInLogs.environment: "qa" is not an environment on Azure (expected one of dev, staging, prod)'],
    ['Entra sign-in logs with no account to watch', { ...acme, alerting: { ...acme.alerting, breakGlass: { entraSignInLogs: { environment: 'prod' } } } },
      'alerting.breakGlass.azure: names no account, but entraSignInLogs asks for their sign-ins to be watched (expected at least one user principal name)'],
    ['registry knob out of range', { ...acme, tierProfiles: { dev: { registry: { untaggedImageExpiryDays: 0 } } } },
      'tierProfiles.dev.registry.untaggedImageExpiryDays: 0 is not an expiry (expected 1 to 365 days)'],
    ['release tag "latest"', { ...acme, services: [{ name: 'web', team: 'storefront', release: 'latest' }] },
      'services[0].release: "latest" is not a release tag (expected an immutable image tag like v1.4.2; never "latest")'],
    ['IAM wildcard action', { ...acme, services: [{ name: 'web', team: 'storefront', cloudAccess: { aws: { statements: [{ actions: ['*'], resources: ['arn:aws:s3:::b'] }] } } }] },
      'services[0].cloudAccess.aws.statements[0].actions[0]: "*" is not a named IAM action (expected like sqs:SendMessage; "*" alone is refused)'],
    ['GCP basic role', { ...acme, services: [{ name: 'web', team: 'storefront', cloudAccess: { gcp: { projectRoles: ['roles/editor'] } } }] },
      'services[0].cloudAccess.gcp.projectRoles[0]: "roles/editor" is not a predefined role (expected like roles/cloudsql.client; basic roles owner and editor are refused)'],
    ['flow log retention Azure cannot keep', { ...acme, tierProfiles: { prod: { network: { flowLogRetentionDays: 400 } } } },
      'tierProfiles.prod.network.flowLogRetentionDays: 400 is more than Azure flow logs keep, and environment "prod" runs on Azure (expected at most 365 days)'],
    ['no alert receivers', { ...acme, alerting: { ...acme.alerting, escalation: [] } },
      'alerting.escalation: [] has no receivers (expected at least one escalation level)'],
    ['alert receiver without a valid email', { ...acme, alerting: { ...acme.alerting, escalation: acme.alerting.escalation.map((r, i) => (i === 0 ? { ...r, emails: ['pager'] } : r)) } },
      'alerting.escalation[0].emails[0]: "pager" is not an email address (expected like oncall@example.com)'],
    ['escalation role naming an unknown receiver', { ...acme, alerting: { ...acme.alerting, roles: { ...acme.alerting.roles, cto: ['cto-ofice'] } } },
      'alerting.roles.cto[0]: "cto-ofice" is not a receiver of alerting.escalation (expected one of platform-team, platform-oncall, engineering-leads, security-team, cto-office)'],
    ['escalation role with no receivers', { ...acme, alerting: { ...acme.alerting, roles: { ...acme.alerting.roles, security: [] } } },
      'alerting.roles.security: [] has no receivers (expected at least one receiver name from alerting.escalation for the security role)'],
    ['escalation role missing', { ...acme, alerting: { ...acme.alerting, roles: { ...acme.alerting.roles, 'team-lead': undefined as any } } },
      'alerting.roles["team-lead"]: is required (expected a list)'],
    ['escalation role unknown to the standards', { ...acme, alerting: { ...acme.alerting, roles: { ...acme.alerting.roles, ciso: ['security-team'] } as any } },
      'alerting.roles.ciso: unknown key "ciso" (check the spelling; see OrganizationSpec for the keys allowed here)'],
    ['receiver listed twice for a role', { ...acme, alerting: { ...acme.alerting, roles: { ...acme.alerting.roles, devops: ['platform-oncall', 'platform-oncall'] } } },
      'alerting.roles.devops[1]: "platform-oncall" is listed twice for the devops role (expected each receiver once)'],
    ['webhook over plain HTTP', { ...acme, alerting: { ...acme.alerting, escalation: acme.alerting.escalation.map((r, i) => (i === 1 ? { ...r, webhooks: ['http://hooks.acme.example/x'] } : r)) } },
      'alerting.escalation[1].webhooks[0]: "http://hooks.acme.example/x" is not an https URL (expected like https://hooks.acme.example/alerts)'],
    ['PagerDuty key reference not a Secret name', { ...acme, alerting: { ...acme.alerting, escalation: acme.alerting.escalation.map((r, i) => (i === 1 ? { ...r, pagerDuty: { secretName: 'PagerDuty', secretKey: 'routing-key' } } : r)) } },
      'alerting.escalation[1].pagerDuty.secretName: "PagerDuty" is not a Kubernetes object name (expected lowercase letters, digits, "-" and ".", like pagerduty-platform)'],
    ['SMTP relay without a port', { ...acme, alerting: { ...acme.alerting, smtp: { ...acme.alerting.smtp, smarthost: 'smtp.acme.example' } } },
      'alerting.smtp.smarthost: "smtp.acme.example" is not an SMTP relay (expected host:port, like smtp.acme.example:587)'],
    ['a currency AWS budgets cannot count in', { ...acme, billing: { ...acme.billing, currency: 'EUR' } },
      'billing.currency: "EUR" cannot be used with AWS environments (expected USD: AWS Budgets count in USD only, and one amount per tier must mean the same on every cloud)'],
    ['GCP billing account missing', { ...acme, billing: { currency: 'USD' } },
      'billing.gcpBillingAccountId: is required because environments are placed on GCP (expected the Cloud Billing account the budgets watch, like 012345-6789AB-CDEF01)'],
    ['budget amount not positive', { ...acme, tierProfiles: { dev: { budget: { monthlyAmount: 0 } } } },
      'tierProfiles.dev.budget.monthlyAmount: 0 is not a budget amount (expected a positive amount in the billing currency)'],
    ['more alert addresses than a GCP budget can notify', { ...acme, alerting: { ...acme.alerting, escalation: acme.alerting.escalation.map((r, i) => (i === 0 ? { ...r, emails: ['a@x.io', 'b@x.io'] } : r)) } },
      'alerting.escalation: has 6 distinct email addresses (expected at most 5: a GCP billing budget notifies at most 5 channels; use group or paging-service addresses)'],
  ])('%s', (_name, spec, expected) => {
    // GIVEN a spec with exactly one problem  WHEN it is defined  THEN that problem is the only one reported
    expect(issuesOf(spec)).toEqual([expected]);
  });

  test('reports every problem at once', () => {
    // GIVEN a spec with problems in several places
    const spec = {
      ...withEnvironment(0, (e) => ({ ...e, tier: 'qa', aws: { ...e.aws, account: '1', cidr: '10.0.0.0/33' } })),
      name: 'ACME',
      teams: [{ name: 'payments' }, { name: 'payments' }],
      services: [{ name: 'ledger', team: 'payments' }],
    };

    // WHEN it is defined THEN all problems come back in one error, each with its path
    expect(issuesOf(spec)).toEqual([
      'name: "ACME" is not a DNS label (expected lowercase letters, digits and hyphens, starting with a letter, at most 12 characters)',
      'environments[0].tier: "qa" is not a tier (expected one of dev, staging, prod)',
      'environments[0].aws.account: "1" is not an AWS account id (expected 12 digits)',
      'environments[0].aws.cidr: "10.0.0.0/33" is not an IPv4 CIDR (expected like 10.20.0.0/16)',
      'teams[1].name: "payments" duplicates teams[0].name (expected unique team names)',
    ]);
  });

  test('the error message lists the problems for people reading a terminal', () => {
    expect(() => defineOrganization(withEnvironment(0, (e) => ({ ...e, tier: 'qa' })))).toThrow(
      'Invalid organization spec (1 problem):\n  - environments[0].tier: "qa" is not a tier (expected one of dev, staging, prod)',
    );
  });

  test('a team whose AWS stack would exceed CloudFormation\'s resource limit is rejected before CloudFormation would be', () => {
    // GIVEN one team owning 400 services, 20 of which have AWS access (400 repositories + 20 x 3 identity resources)
    const services = Array.from({ length: 400 }, (_, i) => ({
      name: `svc-${i}`,
      team: 'payments',
      ...(i < 20 && { cloudAccess: { aws: { managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] } } }),
    }));

    // WHEN it is defined THEN the count, the limit and the way out are named
    const issues = issuesOf({ ...acme, services });
    expect(issues.filter((i) => i.startsWith('services'))).toEqual([
      `services: team "payments" needs 460 resources for its repositories and workload identities (expected at most ${MAX_TEAM_STACK_RESOURCES}: they share one CloudFormation stack per environment, which holds at most 500 resources; split the team)`,
    ]);
    // AND in the same run, the quotas those 400 services do not fit in (every problem at once)
    expect(issues).toContain('tierProfiles.prod.namespace.pods: 300 is too small for team "payments" in environment "prod" by 4500 (expected at least 4800: its services run 4800 pods at their autoscaling maximum during a rollout)');
    // AND the same team without AWS placements has no such problem (Terraform has no such limit; its quotas still do)
    const withoutAws = issuesOf({ ...acme, services, environments: acme.environments.map((e) => ({ ...e, aws: undefined })) });
    expect(withoutAws.filter((i) => i.includes('CloudFormation'))).toEqual([]);
  });

  test('a team whose services do not fit its namespace quota at their autoscaling maximum is rejected, per tier and quota', () => {
    // GIVEN the dev quotas the baseline had before it sized for autoscaling (8 cores, 16Gi)
    const spec = { ...acme, tierProfiles: { dev: { namespace: { requestsCpu: '8', requestsMemory: '16Gi', limitsCpu: '32' } } } };

    // WHEN it is defined THEN each too-small quota is named with the team, the environment, the shortfall and what
    // the team needs: every service at maxReplicas plus a 25% surge. Storefront: storefront-web 12 + 3 pods, search
    // 6 + 2 at 500m, catalog and cart 9 + 3, recommendations 6 + 2, notifications 6 + 2, the rest at 250m = 17.75
    expect(issuesOf(spec)).toEqual([
      'tierProfiles.dev.namespace.requestsCpu: "8" is too small for team "payments" in environment "dev" by 8.5 cores (expected at least 16.5 cores: the CPU requests of its services at their autoscaling maximum during a rollout)',
      'tierProfiles.dev.namespace.requestsMemory: "16Gi" is too small for team "payments" in environment "dev" by 9.5 GiB (expected at least 25.5 GiB: the memory requests of its services at their autoscaling maximum during a rollout)',
      'tierProfiles.dev.namespace.limitsCpu: "32" is too small for team "payments" in environment "dev" by 34 cores (expected at least 66 cores: the CPU limits of its services at their autoscaling maximum during a rollout)',
      'tierProfiles.dev.namespace.requestsCpu: "8" is too small for team "storefront" in environment "dev" by 9.75 cores (expected at least 17.75 cores: the CPU requests of its services at their autoscaling maximum during a rollout)',
      'tierProfiles.dev.namespace.requestsMemory: "16Gi" is too small for team "storefront" in environment "dev" by 5.75 GiB (expected at least 21.75 GiB: the memory requests of its services at their autoscaling maximum during a rollout)',
      'tierProfiles.dev.namespace.limitsCpu: "32" is too small for team "storefront" in environment "dev" by 39 cores (expected at least 71 cores: the CPU limits of its services at their autoscaling maximum during a rollout)',
    ]);
  });

  test('ephemeral storage is a quota like CPU and memory: a team that does not fit is named with the shortfall', () => {
    // GIVEN dev namespaces bounded at 10Gi of ephemeral-storage requests and 40Gi of limits
    const spec = { ...acme, tierProfiles: { dev: { namespace: { requestsEphemeralStorage: '10Gi', limitsEphemeralStorage: '40Gi' } } } };

    // WHEN it is defined THEN each team's need is the default 256Mi request and 1Gi limit per pod, at every
    // service's maxReplicas plus the rollout surge (payments: 51 pods, storefront: 63)
    expect(issuesOf(spec)).toEqual([
      'tierProfiles.dev.namespace.requestsEphemeralStorage: "10Gi" is too small for team "payments" in environment "dev" by 2.75 GiB (expected at least 12.75 GiB: the ephemeral-storage requests of its services at their autoscaling maximum during a rollout)',
      'tierProfiles.dev.namespace.limitsEphemeralStorage: "40Gi" is too small for team "payments" in environment "dev" by 11 GiB (expected at least 51 GiB: the ephemeral-storage limits of its services at their autoscaling maximum during a rollout)',
      'tierProfiles.dev.namespace.requestsEphemeralStorage: "10Gi" is too small for team "storefront" in environment "dev" by 5.75 GiB (expected at least 15.75 GiB: the ephemeral-storage requests of its services at their autoscaling maximum during a rollout)',
      'tierProfiles.dev.namespace.limitsEphemeralStorage: "40Gi" is too small for team "storefront" in environment "dev" by 23 GiB (expected at least 63 GiB: the ephemeral-storage limits of its services at their autoscaling maximum during a rollout)',
    ]);
  });

  test('a disk quota that follows the pods is judged at the pods the team needs', () => {
    // GIVEN dev at 20 pods (the disk quota follows: 5Gi requested), and one payments service asking 1Gi of disk per pod
    const services = acme.services!.map((s) => (s.name === 'ledger' ? { ...s, resources: { ...s.resources, ephemeralStorageRequest: '1Gi' } } : s));
    const issues = issuesOf({ ...acme, services, tierProfiles: { dev: { namespace: { pods: 20 } } } });
    // WHEN defined THEN each team is told about pods; only payments, whose ledger needs more than 256Mi a pod, is
    // also told about disk, judged at the 51 pods it needs (12.75Gi at the default, plus 768Mi more for each of ledger's 12)
    expect(issues.filter((i) => i.includes('EphemeralStorage'))).toEqual([
      'tierProfiles.dev.namespace.requestsEphemeralStorage: "5Gi" is too small for team "payments" in environment "dev" by 16.75 GiB (expected at least 21.75 GiB: the ephemeral-storage requests of its services at their autoscaling maximum during a rollout)',
    ]);
    expect(issues.filter((i) => i.includes('namespace.pods'))).toHaveLength(3);
  });

  test('a lower maxReplicas is the other way to fit: autoscaling off, the replicas and their surge must fit', () => {
    // GIVEN every service without autoscaling, and the old dev quota
    const services = acme.services!.map((s) => ({ ...s, maxReplicas: s.replicas ?? 3 }));
    const spec = { ...acme, services, tierProfiles: { dev: { namespace: { requestsCpu: '8', requestsMemory: '16Gi', limitsCpu: '32' } } } };

    // WHEN / THEN it fits
    expect(defineOrganization(spec).services.every((s) => s.maxReplicas === s.replicas)).toBe(true);
  });

  test('maxReplicas below replicas is named with both', () => {
    const services = [...acme.services!, { name: 'web', team: 'storefront', replicas: 4, maxReplicas: 2 }];
    expect(issuesOf({ ...acme, services })).toEqual([
      `services[${acme.services!.length}].maxReplicas: 2 is below replicas 4 (expected at least 4; equal to it turns autoscaling off)`,
    ]);
  });

  test.each([[null], [42], ['acme'], [[]]])('a spec that is not an object (%p) is an error, not a crash', (spec) => {
    expect(() => defineOrganization(spec as any)).toThrow(SpecValidationError);
  });
});
