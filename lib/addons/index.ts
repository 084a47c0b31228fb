export * from './addon';
export * from './catalog';
export * from './kyverno';
