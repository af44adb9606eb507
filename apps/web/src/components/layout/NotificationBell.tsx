import { BellOutlined } from '@ant-design/icons';
import { api, type NotificationItem } from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { routeKey, useApiQuery } from '../../api/queries';
import { request } from '../../api/request';
import { useShowError } from '../useShowError';

const REFRESH_MS = 60_000;

/** The header bell: unread count, the latest notices, open one (marks it read), mark all read. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const list = useApiQuery(api.listNotifications, { query: { pageSize: 8 } }, { refetchInterval: REFRESH_MS });
  const refresh = () => client.invalidateQueries({ queryKey: routeKey(api.listNotifications) });
  const readOne = useMutation({
    mutationFn: (id: string) => request(api.readNotification, { params: { id } }),
    onSuccess: refresh,
    onError: showError,
  });
  const readAll = useMutation({
    mutationFn: () => request(api.readAllNotifications),
    onSuccess: refresh,
    onError: showError,
  });
  const unread = list.data?.unread ?? 0;

  const openItem = (n: NotificationItem) => {
    if (!n.readAt) readOne.mutate(n.id);
    if (n.link) {
      setOpen(false);
      navigate(n.link);
    }
  };

  const content = (
    <Flex vertical style={{ width: 340, maxWidth: 'calc(100vw - 32px)' }} data-testid="notification-panel">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={!unread}
          loading={readAll.isPending}
          onClick={() => readAll.mutate()}
          data-testid="notification-read-all"
        >
          {t('notifications.readAll')}
        </Button>
      </Flex>
      {list.data?.items.length ? (
        <List
          size="small"
          dataSource={list.data.items}
          style={{ maxHeight: 420, overflowY: 'auto' }}
          renderItem={(n) => (
            <List.Item
              onClick={() => openItem(n)}
              style={{ cursor: n.link || !n.readAt ? 'pointer' : 'default', paddingInline: 4 }}
              data-testid="notification-item"
            >
              <Flex vertical gap={2} style={{ minWidth: 0 }}>
                <Flex gap={6} align="center">
                  {!n.readAt && <Badge status="processing" />}
                  <Typography.Text strong={!n.readAt} ellipsis>
                    {n.title}
                  </Typography.Text>
                </Flex>
                {n.body && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {n.body}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      )}
    </Flex>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen}>
      <Button type="text" aria-label={t('notifications.title')} data-testid="notification-bell">
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 16 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
