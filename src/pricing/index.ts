export * from './apr';
export * from './caps';
export * from './decimal';
export * from './spreadsheet';
export * from './unitPeriod';
