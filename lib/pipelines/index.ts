export * from './ci-identity';
export * from './pinned-actions';
export * from './platform-workflow';
export * from './service-workflow';
export * from './write';
