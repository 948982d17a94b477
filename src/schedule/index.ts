export * from './term';
export * from './payoff';
export * from './line';
