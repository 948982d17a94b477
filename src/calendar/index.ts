export * from './date';
export * from './daycount';
export * from './frequency';
