import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { type AuditEntry, type AuditVerifyResponse, api, type Role, roles } from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download, request } from '../../api/request';
import { formatTime, roleLabel } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import { PagedTable } from '../../components/paged/PagedTable';
import { useShowError } from '../../components/useShowError';
import { DiffView } from './DiffView';

function roleTags(value: string | null) {
  if (!value) return '—';
  return value
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((r) => (
      <Tag key={r} style={{ marginInlineEnd: 4 }}>
        {(roles as readonly string[]).includes(r) ? roleLabel(r as Role) : r}
      </Tag>
    ));
}

function VerifyResult({ result }: { result: AuditVerifyResponse }) {
  const { t } = useTranslation();
  if (result.ok)
    return (
      <Alert
        type="success"
        showIcon
        closable
        title={t('audit.verifyOk', { count: result.checked })}
        description={t('audit.verifiedAt', { time: formatTime(result.verifiedAt, true) })}
        style={{ marginBottom: 12 }}
        data-testid="audit-verify-result"
      />
    );
  const broken = result.firstBroken;
  return (
    <Alert
      type="error"
      showIcon
      closable
      title={t('audit.verifyBroken')}
      description={
        broken
          ? t('audit.brokenAt', { id: broken.id, reason: t(`audit.reasons.${broken.reason}`), count: result.checked })
          : t('audit.verifyBroken')
      }
      style={{ marginBottom: 12 }}
      data-testid="audit-verify-result"
    />
  );
}

/** 审计日志: filters, paged entries with their diff, hash-chain verification and Excel export. */
export default function AuditPage() {
  const { t } = useTranslation();
  const showError = useShowError();
  const [verified, setVerified] = useState<AuditVerifyResponse | null>(null);
  const verify = useMutation({
    mutationFn: () => request(api.verifyAudit),
    onSuccess: setVerified,
    onError: showError,
  });
  const exporting = useMutation({
    mutationFn: (query: Record<string, string | number>) => {
      const { page: _p, pageSize: _s, ...filters } = query;
      return download(api.exportAudit, { query: filters }, 'audit.xlsx');
    },
    onError: showError,
  });

  const columns: ColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', render: (v: string) => formatTime(v, true) },
    { title: t('audit.actor'), dataIndex: 'actorUsername', render: (v: string | null) => v ?? '—' },
    { title: t('audit.roles'), dataIndex: 'actorRoles', render: roleTags },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    { title: t('audit.entity'), dataIndex: 'entity' },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      render: (v: string | null) =>
        v ? <Typography.Text copyable={{ text: v }}>{v.length > 12 ? `${v.slice(0, 8)}…` : v}</Typography.Text> : '—',
    },
    {
      title: t('audit.result'),
      dataIndex: 'result',
      render: (v: AuditEntry['result']) => (
        <Tag color={v === 'success' ? 'green' : 'red'}>{t(`audit.results.${v}`)}</Tag>
      ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      render: (v: string | null) =>
        v ? (
          <Typography.Text copyable style={{ fontSize: 12 }}>
            {v}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <PageContainer
      title={t('menu.audit')}
      extra={
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={verify.isPending}
          onClick={() => verify.mutate()}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      }
    >
      {verified && <VerifyResult result={verified} />}
      <PagedTable
        descriptor={api.listAudit}
        rowKey="id"
        columns={columns}
        filters={[
          { kind: 'text', key: 'actor', placeholder: t('audit.actor') },
          { kind: 'text', key: 'action', placeholder: t('audit.action') },
          { kind: 'text', key: 'entity', placeholder: t('audit.entity') },
          {
            kind: 'select',
            key: 'result',
            placeholder: t('audit.result'),
            options: (['success', 'failure'] as const).map((r) => ({ value: r, label: t(`audit.results.${r}`) })),
            width: 120,
          },
          { kind: 'dateRange', from: 'from', to: 'to', placeholder: [t('audit.from'), t('audit.to')] },
        ]}
        actions={(state) => (
          <Button
            icon={<DownloadOutlined />}
            loading={exporting.isPending}
            onClick={() => exporting.mutate(state.query)}
            data-testid="audit-export"
          >
            {t('audit.export')}
          </Button>
        )}
        expandable={{
          expandedRowRender: (r) => <DiffView diff={r.diff} />,
          rowExpandable: (r) => r.diff !== null && r.diff !== undefined,
        }}
        testId="audit-table"
      />
    </PageContainer>
  );
}
