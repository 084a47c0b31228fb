export * from './placeholders';
export * from './normalize';
export * from './allowed';
export * from './compare';
export * from './parity';
export * from './report';
export * from './shape';
export * from './controls';
