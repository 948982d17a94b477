export * from './amount';
export * from './rational';
export * from './rounding';
export * from './money';
