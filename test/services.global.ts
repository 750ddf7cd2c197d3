import type { TestProject } from 'vitest/node';
import { startTestServices } from '../scripts/test-services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dbProvider: 'sqlite' | 'postgres';
    pgAdminUrl: string;
    redisUrl: string;
  }
}

/** The postgres project's services: one PostgreSQL + one Redis on loopback for the whole run. */
export default async function setup(project: TestProject) {
  const services = await startTestServices();
  project.provide('pgAdminUrl', services.pgUrl);
  project.provide('redisUrl', services.redisUrl);
  return () => services.stop();
}
