import { api } from '@chanjiao/contracts';
import type { FastifyInstance } from 'fastify';
import { addRoute } from '../../lib/routing';
import * as notifications from './notifications.service';

export async function notificationRoutes(app: FastifyInstance) {
  addRoute(app, api.listNotifications, ({ ctx, query }) => notifications.listMine(ctx, query));
  addRoute(app, api.readNotification, ({ ctx, params }) => notifications.markRead(ctx, params.id));
  addRoute(app, api.readAllNotifications, ({ ctx }) => notifications.markAllRead(ctx));
}
