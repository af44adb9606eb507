export { notificationRoutes } from './notifications.routes';
export { type NotificationInput, notify, recipients } from './notifications.service';
