export * from './network';
export * from './mandatory-tags';
