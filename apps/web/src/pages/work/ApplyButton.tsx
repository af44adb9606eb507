import { SendOutlined } from '@ant-design/icons';
import { api } from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Input, Popconfirm, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/queries';
import { request } from '../../api/request';
import { useShowError } from '../../components/useShowError';
import { useApplicationsChanged } from './applications';

/** The student's open applications by job id (one open application per job). */
export function useMyOpenJobs(enabled = true): Set<string> {
  const list = useApiQuery(api.listApplications, { query: { pageSize: 200 } }, { enabled });
  const open = new Set<string>();
  for (const a of list.data?.items ?? []) if (a.stage !== 'withdrawn' && a.stage !== 'rejected') open.add(a.jobId);
  return open;
}

/** 投递: the student applies to a job with an optional note; shows 已投递 when an application is open. */
export function ApplyButton({ jobId, jobTitle, applied }: { jobId: string; jobTitle: string; applied?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const changed = useApplicationsChanged();
  const openJobs = useMyOpenJobs(applied === undefined);
  const [note, setNote] = useState('');
  const apply = useMutation({
    mutationFn: () => request(api.apply, { body: { jobId, ...(note.trim() ? { note: note.trim() } : {}) } }),
    onSuccess: () => {
      changed();
      setNote('');
      message.success(t('work.me.applied', { job: jobTitle }));
    },
    onError: showError,
  });
  if (applied ?? openJobs.has(jobId))
    return (
      <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid={`applied-${jobId}`}>
        {t('work.me.alreadyApplied')}
      </Tag>
    );
  return (
    <Popconfirm
      title={t('work.me.applyConfirm', { job: jobTitle })}
      description={
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('work.me.applyNote')}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 4 }}
          style={{ width: 260, marginTop: 8 }}
          data-testid="apply-note"
        />
      }
      okText={t('work.me.apply')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'apply-confirm' } as never}
      onConfirm={() => apply.mutateAsync().catch(() => undefined)}
    >
      <Button
        type="primary"
        size="small"
        icon={<SendOutlined />}
        loading={apply.isPending}
        data-testid={`apply-${jobId}`}
      >
        {t('work.me.apply')}
      </Button>
    </Popconfirm>
  );
}
