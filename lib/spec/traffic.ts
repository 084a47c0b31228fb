/** A declared call, resolved: who calls whom, and where each runs. */
export interface ServiceCall {
  readonly caller: { readonly name: string; readonly team: string };
  readonly callee: { readonly name: string; readonly team: string; readonly port: number };
}

/** What {@link serviceCalls} reads of a resolved service. */
export interface CallingService {
  readonly name: string;
  readonly team: string;
  readonly port: number;
  readonly calls: readonly string[];
}

/**
 * Every declared call of a validated organization's services, in spec order (callers, then their callees).
 */
export function serviceCalls(services: readonly CallingService[]): ServiceCall[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  return services.flatMap((caller) => caller.calls.map((name) => {
    const callee = byName.get(name);
    if (!callee) throw new Error(`service ${JSON.stringify(caller.name)} calls ${JSON.stringify(name)}, which is not a service of the organization`);
    return {
      caller: { name: caller.name, team: caller.team },
      callee: { name: callee.name, team: callee.team, port: callee.port },
    };
  }));
}
