import { createTemplate, startTestCluster, type TestCluster } from '@chanjiao/db/testing';
import type { TestProject } from 'vitest/node';
import { loadReferenceData } from '../src/modules/reference';

declare module 'vitest' {
  export interface ProvidedContext {
    pgBaseUrl: string;
  }
}

let cluster: TestCluster | undefined;

/** Starts a throwaway PostgreSQL cluster and a migrated template with reference data. */
export async function setup(project: TestProject) {
  cluster = await startTestCluster();
  await createTemplate(cluster.baseUrl, async (tpl) => {
    await loadReferenceData(tpl);
  });
  project.provide('pgBaseUrl', cluster.baseUrl);
}

export async function teardown() {
  await cluster?.stop();
}
