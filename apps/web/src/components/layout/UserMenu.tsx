import { DownOutlined, KeyOutlined, LogoutOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import type { SessionUser } from '@chanjiao/contracts';
import { Avatar, Button, Dropdown, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { roleLabel } from '../labels';
import { useLogout } from './useLogout';

/** The user's data scope in words: their organization, consortium, or the whole city. */
export function useScopeText() {
  const { t } = useTranslation();
  return (user: SessionUser) => [user.orgName, user.consortiumName].filter(Boolean).join(' / ') || t('scope.city');
}

export function UserMenu({ user, compact }: { user: SessionUser; compact: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const logout = useLogout();
  const scopeText = useScopeText();
  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            style: { cursor: 'default' },
            label: (
              <Flex vertical gap={4} style={{ maxWidth: 260, padding: '4px 0' }} data-testid="user-menu-card">
                <Typography.Text strong>{user.displayName}</Typography.Text>
                <Typography.Text type="secondary">{user.username}</Typography.Text>
                <Flex wrap gap={4}>
                  {user.roles.map((r) => (
                    <Tag key={r} color="blue" style={{ marginInlineEnd: 0 }}>
                      {roleLabel(r)}
                    </Tag>
                  ))}
                </Flex>
                <Typography.Text type="secondary">{scopeText(user)}</Typography.Text>
              </Flex>
            ),
          },
          { type: 'divider' },
          { key: 'password', icon: <KeyOutlined />, label: t('user.changePassword') },
          {
            key: 'totp',
            icon: <SafetyCertificateOutlined />,
            label: (
              <Flex align="center" gap={8} data-testid="user-menu-totp">
                {t('user.totp')}
                {user.totpEnabled && (
                  <Tag color="green" style={{ marginInlineEnd: 0 }}>
                    {t('totp.on')}
                  </Tag>
                )}
              </Flex>
            ),
          },
          { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'password') navigate('/password');
          if (key === 'totp') navigate('/totp');
          if (key === 'logout') void logout();
        },
      }}
    >
      <Button type="text" data-testid="user-menu" style={{ paddingInline: 6, height: 40 }}>
        <Flex align="center" gap={8}>
          <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1677ff' }} />
          {compact ? null : (
            <span className="user-menu-name" data-testid="user-display-name">
              {user.displayName}
            </span>
          )}
          {compact ? null : <DownOutlined style={{ fontSize: 10 }} />}
        </Flex>
      </Button>
    </Dropdown>
  );
}
