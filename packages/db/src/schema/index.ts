export * from './evaluation';
export * from './identity';
export * from './imports';
export * from './org';
export * from './reference';
export * from './talent';
