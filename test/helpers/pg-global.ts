/**
 * Vitest global setup: one throwaway PostgreSQL server for the whole run (see postgres.ts); each
 * test that needs an office book creates its own database on it. The server's URL reaches the test
 * files as `inject('postgresUrl')`, with `{db}` where the database name goes.
 */
import type { TestProject } from 'vitest/node';
import { startTestServer, type TestServer } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server: TestServer = await startTestServer();
  project.provide('postgresUrl', server.url('{db}'));
  return () => server.stop();
}
