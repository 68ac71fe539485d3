export * from './api';
export * from './client';
export * from './event';
export * from './sample';
export * from './operator-api';
export * from './hook-token';
