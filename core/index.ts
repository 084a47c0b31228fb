export * from './cidr';
export * from './names';
export * from './problems';
export * from './quantity';
export * from './receivers';
export * from './rollout';
export * from './show';
export * from './validation';
