import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { api, hasPermission, type KpiReturnItem, kpiReturnStatuses } from '@chanjiao/contracts';
import { Button, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { download } from '../../api/request';
import { useMe } from '../../api/session';
import { ExportButton } from '../../components/ExportButton';
import { formatTime } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import type { FilterDef } from '../../components/paged/FilterBar';
import { PagedTable } from '../../components/paged/PagedTable';
import { exportQuery } from '../../components/paged/usePagedQuery';
import { ReturnDrawer } from './ReturnDrawer';
import { ReturnFormModal } from './ReturnFormModal';
import { cockpitOptions, ReturnStatusTag, withUnit, yearOptions } from './shared';

/**
 * 统计填报: a government department (kpi.return with an organization) reports the figures no
 * platform record can give, with evidence, and submits them; an official without an organization
 * (kpi.approve) approves or rejects them. Only approved returns count in the cockpit.
 */
export default function ReturnsPage() {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  const reporter = hasPermission(me, 'kpi.return') && !!me.orgId;
  const reviewer = hasPermission(me, 'kpi.approve') && !me.orgId;
  const [sp, setSp] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const kpis = useApiQuery(api.listReturnableKpis, {}, { staleTime: 300_000 });
  const openId = sp.get('open');
  const setOpen = (id: string | null) =>
    setSp((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set('open', id);
      else next.delete('open');
      return next;
    });

  const filters: FilterDef[] = [
    {
      kind: 'select',
      key: 'kpiCode',
      placeholder: t('cockpit.returns.kpi'),
      options: (kpis.data?.items ?? []).map((k) => ({ value: k.code, label: `${k.code} ${k.name}` })),
      search: true,
      width: 260,
    },
    { kind: 'select', key: 'year', placeholder: t('cockpit.common.year'), options: yearOptions(), width: 100 },
    {
      kind: 'select',
      key: 'status',
      placeholder: t('cockpit.returns.status'),
      options: cockpitOptions('returnStatus', kpiReturnStatuses),
      width: 120,
    },
    {
      kind: 'segmented',
      key: 'current',
      options: [
        { value: 'all', label: t('cockpit.returns.all') },
        { value: 'true', label: t('cockpit.returns.currentOnly') },
      ],
    },
  ];

  const columns: ColumnsType<KpiReturnItem> = [
    {
      title: t('cockpit.returns.kpi'),
      key: 'kpi',
      render: (_: unknown, r) => (
        <div style={{ minWidth: 200, maxWidth: 320, whiteSpace: 'normal' }}>
          <Button
            type="link"
            style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
            onClick={() => setOpen(r.id)}
            data-testid="return-open"
          >
            <span className="mono" style={{ marginInlineEnd: 6 }}>
              {r.kpiCode}
            </span>
            {r.kpiName}
          </Button>
          {r.isDemo ? <Tag style={{ marginInlineStart: 4 }}>{t('cockpit.returns.demo')}</Tag> : null}
        </div>
      ),
    },
    { title: t('cockpit.common.year'), dataIndex: 'year' },
    {
      title: t('cockpit.kpi.value'),
      key: 'value',
      render: (_: unknown, r) => (
        <span style={{ whiteSpace: 'nowrap' }} data-testid="return-value">
          {withUnit(r.value, r.unit)}
        </span>
      ),
    },
    {
      title: t('cockpit.returns.org'),
      key: 'org',
      render: (_: unknown, r) => (
        <Link to={`/orgs/${r.org.id}`} style={{ whiteSpace: 'nowrap' }}>
          {r.org.name}
        </Link>
      ),
    },
    {
      title: t('cockpit.returns.status'),
      key: 'status',
      render: (_: unknown, r) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <ReturnStatusTag status={r.status} />
          {r.current ? (
            <Tag color="green" variant="outlined" style={{ marginInlineStart: 4 }} data-testid="return-current">
              {t('cockpit.returns.counts')}
            </Tag>
          ) : null}
          {r.supersededAt ? <Tag style={{ marginInlineStart: 4 }}>{t('cockpit.returns.superseded')}</Tag> : null}
        </div>
      ),
    },
    {
      title: t('cockpit.returns.evidence'),
      dataIndex: 'evidenceCount',
      render: (n: number) => (n > 0 ? t('cockpit.returns.files', { count: n }) : '—'),
    },
    {
      title: t('cockpit.returns.submitted'),
      key: 'submitted',
      render: (_: unknown, r) => (
        <div style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
          {formatTime(r.submittedAt)}
          {r.submittedBy ? <div style={{ color: '#8c8c8c' }}>{r.submittedBy}</div> : null}
        </div>
      ),
    },
    {
      title: t('cockpit.returns.reviewed'),
      key: 'reviewed',
      render: (_: unknown, r) => (
        <div style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
          {formatTime(r.reviewedAt)}
          {r.reviewedBy ? <div style={{ color: '#8c8c8c' }}>{r.reviewedBy}</div> : null}
        </div>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, r) => (
        <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setOpen(r.id)}>
          {r.status === 'submitted' && reviewer ? t('cockpit.returns.review') : t('cockpit.returns.view')}
        </Button>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('cockpit.menu.returns')}
      extra={
        reporter ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="return-create">
            {t('cockpit.returns.create')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">
        {reporter ? t('cockpit.returns.introUnit', { org: me.orgName ?? '' }) : t('cockpit.returns.introReviewer')}
      </Typography.Paragraph>
      <PagedTable
        descriptor={api.listKpiReturns}
        columns={columns}
        rowKey="id"
        filters={filters}
        testId="returns-table"
        emptyText={reporter ? t('cockpit.returns.emptyUnit') : t('cockpit.returns.empty')}
        emptyAction={
          reporter ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('cockpit.returns.create')}
            </Button>
          ) : null
        }
        actions={(state) => (
          <ExportButton
            testId="returns-export"
            run={() => {
              const { current, ...rest } = exportQuery(state);
              return download(
                api.exportKpiReturns,
                { query: { ...rest, ...(current === 'true' ? { current: 'true' as const } : {}) } },
                `${t('cockpit.menu.returns')}.xlsx`,
              );
            }}
          />
        )}
      />
      <ReturnFormModal
        open={creating}
        kpis={kpis.data?.items ?? []}
        initialKpi={sp.get('kpiCode') ?? undefined}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          setOpen(id);
        }}
      />
      <ReturnDrawer id={openId} kpis={kpis.data?.items ?? []} onClose={() => setOpen(null)} />
    </PageContainer>
  );
}
