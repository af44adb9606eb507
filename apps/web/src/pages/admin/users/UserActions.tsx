import { EyeOutlined } from '@ant-design/icons';
import { api, type UserItem } from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey } from '../../../api/queries';
import { request } from '../../../api/request';
import { useShowError } from '../../../components/useShowError';

/** Lock or unlock with an optional reason, confirmed in a Popconfirm. */
export function LockButton({ user }: { user: UserItem }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  // An administrator's lock disables the account (status 'disabled'); unlocking also clears a
  // temporary lockout after failed sign-ins (status 'locked').
  const locking = user.status === 'active';
  const lock = useMutation({
    mutationFn: () =>
      request(api.lockUser, {
        params: { id: user.id },
        body: { locked: locking, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      }),
    onSuccess: () => {
      message.success(
        locking ? t('users.lockedDone', { name: user.username }) : t('users.unlockedDone', { name: user.username }),
      );
      setReason('');
      void queryClient.invalidateQueries({ queryKey: routeKey(api.listUsers) });
    },
    onError: showError,
  });
  return (
    <Popconfirm
      title={
        locking ? t('users.lockConfirm', { name: user.username }) : t('users.unlockConfirm', { name: user.username })
      }
      description={
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('users.reasonPlaceholder')}
          maxLength={200}
          autoSize={{ minRows: 2, maxRows: 4 }}
          style={{ width: 240, marginTop: 8 }}
          data-testid="lock-reason"
        />
      }
      okText={locking ? t('users.lock') : t('users.unlock')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: locking, loading: lock.isPending, 'data-testid': 'lock-confirm' } as never}
      onConfirm={() => lock.mutateAsync()}
    >
      <Button type="link" size="small" danger={locking} data-testid={`lock-${user.username}`}>
        {locking ? t('users.lock') : t('users.unlock')}
      </Button>
    </Popconfirm>
  );
}

/** The masked number, and for managers a button to see it in full (recorded in the audit log). */
export function PhoneCell({ user, canReveal }: { user: UserItem; canReveal: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [full, setFull] = useState<string | null>(null);
  const reveal = useMutation({
    mutationFn: () => request(api.revealPhone, { params: { id: user.id } }),
    onSuccess: (res) => {
      setFull(res.phone ?? '—');
      message.info(t('users.revealLogged'));
    },
    onError: showError,
  });
  if (!user.phone) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4}>
      <span style={{ fontFamily: 'monospace' }}>{full ?? user.phone}</span>
      {canReveal && full === null && (
        <Popconfirm
          title={t('users.reveal')}
          description={t('users.revealConfirm')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => reveal.mutateAsync()}
        >
          <Button type="link" size="small" icon={<EyeOutlined />} loading={reveal.isPending}>
            {t('users.reveal')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

/** Removes a user's authenticator (lost phone); a role that requires 2FA enrols again at next sign-in. */
export function ResetTotpButton({ user }: { user: UserItem }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const queryClient = useQueryClient();
  const reset = useMutation({
    mutationFn: () => request(api.resetTotp, { params: { id: user.id } }),
    onSuccess: () => {
      message.success(t('users.resetTotpDone', { name: user.username }));
      void queryClient.invalidateQueries({ queryKey: routeKey(api.listUsers) });
    },
    onError: showError,
  });
  return (
    <Popconfirm
      title={t('users.resetTotpConfirm', { name: user.username })}
      description={t('users.resetTotpHint')}
      okText={t('users.resetTotp')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: reset.isPending, 'data-testid': 'reset-totp-confirm' } as never}
      onConfirm={() => reset.mutateAsync()}
    >
      <Button type="link" size="small" danger data-testid={`reset-totp-${user.username}`}>
        {t('users.resetTotp')}
      </Button>
    </Popconfirm>
  );
}
