export * from './artifact';
export * from './read';
export * from './synth-manifest';
export * from './read-app';
