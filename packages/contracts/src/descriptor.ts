import type { z } from 'zod';
import type { Permission } from './roles';

/**
 * Who may call a route: anyone, any signed-in user (even one who must still change the
 * password), or holders of a permission.
 */
export type Access = 'public' | 'session' | Permission;

export interface RouteDescriptor<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** A file download: the response schema describes nothing; the body is bytes. */
  download?: boolean;
  /** multipart/form-data upload: `body` describes the text fields; the file part is named `file`. */
  multipart?: boolean;
}

export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  d: RouteDescriptor<P, Q, B, R>,
): RouteDescriptor<P, Q, B, R> {
  return d;
}
