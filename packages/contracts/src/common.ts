import { z } from 'zod';

// Default validation messages in Chinese (zh-CN first); schemas carry their own messages where it matters.
z.config(z.locales.zhCN());

export const uuid = z.uuid({ message: '编号格式不正确' });
export const idParams = z.object({ id: uuid });
/** A child record under a parent: /parents/:id/children/:itemId */
export const itemParams = z.object({ id: uuid, itemId: uuid });

/** Page query shared by every list endpoint. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1, '页码至少为 1').default(1),
  pageSize: z.coerce.number().int().min(1).max(200, '每页最多 200 条').default(20),
  q: z.string().trim().max(100, '搜索词最长 100 个字符').optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export function paged<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };

export const errorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
  requestId: z.string(),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const okBody = z.object({ ok: z.literal(true) });
