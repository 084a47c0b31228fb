export * from './artifact';
export * from './read';
export * from './synthesize-artifacts';
