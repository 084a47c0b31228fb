import type { Cloud, Organization, Service } from '../spec';
import { WorkloadIdentity } from './workload-identity';

/** A service's workload identity on one cloud. */
export interface ServiceIdentity {
  readonly service: Service;
  readonly identity: WorkloadIdentity;
}

/**
 * The services that declare access on `cloud`, each with its {@link WorkloadIdentity}. A service without access on
 * a cloud gets no identity there: an identity that can do nothing is only one more thing to audit.
 * The service account is named like the service, in its team's namespace.
 */
export function serviceIdentities(org: Organization, cloud: Cloud): ServiceIdentity[] {
  return org.services
    .filter((service) => service.cloudAccess[cloud] !== undefined)
    .map((service) => ({
      service,
      identity: new WorkloadIdentity({ namespace: service.team, serviceAccount: service.name, access: service.cloudAccess }),
    }));
}
