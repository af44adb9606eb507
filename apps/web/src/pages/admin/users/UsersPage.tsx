import { PlusOutlined } from '@ant-design/icons';
import { api, hasPermission, roles, type UserItem, userStatus } from '@chanjiao/contracts';
import { Button, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/session';
import { formatTime, roleLabel } from '../../../components/labels';
import { PageContainer } from '../../../components/PageContainer';
import { PagedTable } from '../../../components/paged/PagedTable';
import { ResetPasswordModal } from './ResetPasswordModal';
import { LockButton, PhoneCell, ResetTotpButton } from './UserActions';
import { UserFormModal } from './UserFormModal';

const statusColor = { active: 'green', locked: 'orange', disabled: 'red' } as const;

/** Accounts: list for user.read, create/edit/reset/lock for user.manage. */
export default function UsersPage() {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  const canManage = hasPermission(me, 'user.manage');
  const [editing, setEditing] = useState<UserItem | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [resetting, setResetting] = useState<UserItem | null>(null);

  const columns: ColumnsType<UserItem> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      render: (rs: UserItem['roles']) => (
        <Space size={[4, 4]} wrap style={{ maxWidth: 240 }}>
          {rs.map((r) => (
            <Tag key={r} color="blue" style={{ marginInlineEnd: 0 }}>
              {roleLabel(r)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('users.scope'),
      key: 'scope',
      render: (_, u) => [u.orgName, u.consortiumName].filter(Boolean).join(' / ') || '—',
    },
    { title: t('users.phone'), key: 'phone', render: (_, u) => <PhoneCell user={u} canReveal={canManage} /> },
    {
      title: t('users.status'),
      dataIndex: 'status',
      render: (s: UserItem['status'], u) => (
        <Space orientation="vertical" size={0}>
          <Tag color={statusColor[s]} data-testid={`status-${u.username}`}>
            {t(`users.statuses.${s}`)}
          </Tag>
          {s === 'locked' && u.lockedUntil && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('users.lockedUntil', { time: formatTime(u.lockedUntil) })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('users.lastLoginAt'), dataIndex: 'lastLoginAt', render: (v: string | null) => formatTime(v) },
    {
      title: t('users.totp'),
      dataIndex: 'totpEnabled',
      render: (v: boolean, u) => (
        <Tag color={v ? 'green' : undefined} data-testid={`totp-${u.username}`}>
          {v ? t('totp.on') : t('totp.off')}
        </Tag>
      ),
    },
    {
      title: t('users.mustChangePassword'),
      dataIndex: 'mustChangePassword',
      render: (v: boolean) => (v ? <Tag color="gold">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
    },
  ];
  if (canManage)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, u) => (
        <Space size={0} wrap={false}>
          <Button
            type="link"
            size="small"
            onClick={() => {
              setEditing(u);
              setFormOpen(true);
            }}
            data-testid={`edit-${u.username}`}
          >
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => setResetting(u)} data-testid={`reset-${u.username}`}>
            {t('users.resetPassword')}
          </Button>
          <LockButton user={u} />
          {u.totpEnabled && <ResetTotpButton user={u} />}
        </Space>
      ),
    });

  return (
    <PageContainer
      title={t('menu.users')}
      extra={
        canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setEditing(null);
              setFormOpen(true);
            }}
            data-testid="user-create"
          >
            {t('users.create')}
          </Button>
        )
      }
    >
      <PagedTable
        descriptor={api.listUsers}
        rowKey="id"
        columns={columns}
        searchPlaceholder={t('users.searchPlaceholder')}
        filters={[
          {
            kind: 'select',
            key: 'role',
            placeholder: t('users.roleFilter'),
            options: roles.map((r) => ({ value: r, label: roleLabel(r) })),
            width: 170,
          },
          {
            kind: 'select',
            key: 'status',
            placeholder: t('users.statusFilter'),
            options: userStatus.options.map((s) => ({ value: s, label: t(`users.statuses.${s}`) })),
          },
        ]}
        testId="users-table"
      />
      <UserFormModal open={formOpen} user={editing} onClose={() => setFormOpen(false)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </PageContainer>
  );
}
