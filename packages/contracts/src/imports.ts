import { z } from 'zod';
import { uuid } from './common';

export const importStatuses = ['running', 'done', 'failed', 'error'] as const;
export const importRowError = z.object({
  rowNumber: z.number().int(),
  column: z.string(),
  value: z.string().nullable(),
  reason: z.string(),
});
export type ImportRowError = z.infer<typeof importRowError>;

export const importJob = z.object({
  id: uuid,
  kind: z.string(),
  status: z.enum(importStatuses),
  fileName: z.string(),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errorCount: z.number().int(),
  /** The first 200 errors; the report has all of them. */
  errors: z.array(importRowError),
  message: z.string().nullable(),
  hasReport: z.boolean(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJob>;
