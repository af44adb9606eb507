import { z } from 'zod';
import { idParams, okBody, paged, pageQuery } from './common';
import { route } from './descriptor';

// In-app reminders and notices (deadlines of evaluation rounds and the ledger, returned reports).

export const notificationItem = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** An in-app path to open, or null. */
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationItem = z.infer<typeof notificationItem>;

export const notificationQuery = pageQuery.extend({
  unread: z
    .enum(['true', 'false'], { message: '只能是 true 或 false' })
    .transform((v) => v === 'true')
    .optional(),
});
export type NotificationQuery = z.infer<typeof notificationQuery>;

export const notificationListResponse = paged(notificationItem).extend({
  /** Unread notifications of the caller, whatever the filter. */
  unread: z.number().int(),
});
export type NotificationList = z.infer<typeof notificationListResponse>;

export const notificationApi = {
  listNotifications: route({
    method: 'GET',
    path: '/api/notifications',
    summary: '我的消息提醒',
    tag: 'notifications',
    access: 'session',
    query: notificationQuery,
    response: notificationListResponse,
  }),
  readNotification: route({
    method: 'POST',
    path: '/api/notifications/:id/read',
    summary: '标记消息为已读',
    tag: 'notifications',
    access: 'session',
    params: idParams,
    response: notificationItem,
  }),
  readAllNotifications: route({
    method: 'POST',
    path: '/api/notifications/read-all',
    summary: '全部标记为已读',
    tag: 'notifications',
    access: 'session',
    response: okBody,
  }),
} as const;
