export * from './team-namespace';
export * from './service-workload';
