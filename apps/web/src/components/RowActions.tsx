import { DeleteOutlined, EditOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';

/** 编辑 of a table row. */
export function EditAction({ onClick, testId }: { onClick: () => void; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Button type="link" size="small" icon={<EditOutlined />} onClick={onClick} data-testid={testId}>
      {t('common.edit')}
    </Button>
  );
}

/**
 * 删除 of a table row after a red confirmation (`confirm`, with `hint` under it); the confirmation
 * spins while the promise `onConfirm` returns is pending.
 */
export function DeleteAction({
  confirm,
  hint,
  onConfirm,
  testId,
}: {
  confirm: string;
  hint?: string;
  onConfirm: () => Promise<unknown>;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Popconfirm
      title={confirm}
      description={hint}
      okText={t('common.delete')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true }}
      onConfirm={onConfirm}
    >
      <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid={testId}>
        {t('common.delete')}
      </Button>
    </Popconfirm>
  );
}

/** 恢复 of a deleted row after a confirmation; `label` names the action (恢复). */
export function RestoreAction({
  confirm,
  label,
  onConfirm,
  testId,
}: {
  confirm: string;
  label: string;
  onConfirm: () => Promise<unknown>;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Popconfirm title={confirm} okText={label} cancelText={t('common.cancel')} onConfirm={onConfirm}>
      <Button type="link" size="small" icon={<UndoOutlined />} data-testid={testId}>
        {label}
      </Button>
    </Popconfirm>
  );
}
