export * from './identity';
export * from './org';
export * from './reference';
