export * from './ci-identity';
export * from './pinned-actions';
export * from './service-workflow';
export * from './write';
