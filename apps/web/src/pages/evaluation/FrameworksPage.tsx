import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  api,
  FRAMEWORK_TOTAL_WEIGHT,
  type FrameworkStatus,
  frameworkStatusLabels,
  hasPermission,
  type IndicatorFrameworkDetail,
  type IndicatorFrameworkItem,
  type IndicatorPointInput,
  pointKindLabels,
} from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Popconfirm, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { download, request } from '../../api/request';
import { useMe } from '../../api/session';
import { DataTable, QueryError } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { formatTime } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import { useErrorText, useShowError } from '../../components/useShowError';
import { FrameworkModal } from './FrameworkEditModal';
import { PointModal } from './PointModal';

const statusColor: Record<FrameworkStatus, string> = { draft: 'gold', published: 'green', retired: 'default' };

function StatusTag({ status }: { status: FrameworkStatus }) {
  return (
    <Tag color={statusColor[status]} data-testid="framework-status">
      {frameworkStatusLabels[status]}
    </Tag>
  );
}

const basicTotal = (points: readonly IndicatorPointInput[]) =>
  points.filter((p) => p.kind === 'basic').reduce((s, p) => s + p.weight, 0);

/**
 * 建设指标体系: the versions of the indicator frameworks, one version's observation points by
 * group with their weights and guidance, its export; officials copy a published version into a
 * draft, edit the draft's points and publish it (the older version of that name is retired).
 */
export default function FrameworksPage() {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  const canManage = hasPermission(me, 'indicator.manage');
  const [sp, setSp] = useSearchParams();
  const [page, setPage] = useState(1);
  const list = useApiQuery(api.listIndicatorFrameworks, { query: { page, pageSize: 20 } });
  const items = list.data?.items ?? [];
  const selectedId = sp.get('id') ?? items[0]?.id ?? null;
  const select = (id: string) => setSp({ id }, { replace: true });

  const columns: ColumnsType<IndicatorFrameworkItem> = [
    {
      title: t('evaluation.framework.name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Button type="link" style={{ paddingInline: 0 }} onClick={() => select(r.id)} data-testid="framework-open">
          {name}
        </Button>
      ),
    },
    {
      title: t('evaluation.framework.version'),
      dataIndex: 'version',
      render: (v: number) => t('evaluation.framework.versionN', { version: v }),
    },
    {
      title: t('evaluation.framework.status'),
      dataIndex: 'status',
      render: (s: FrameworkStatus) => <StatusTag status={s} />,
    },
    { title: t('evaluation.framework.points'), dataIndex: 'pointCount', align: 'right' },
    { title: t('evaluation.framework.total'), dataIndex: 'totalWeight', align: 'right' },
    { title: t('evaluation.framework.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
    {
      title: t('evaluation.framework.publishedAt'),
      dataIndex: 'publishedAt',
      render: (v: string | null) => (v ? formatTime(v) : '—'),
    },
  ];

  return (
    <PageContainer title={t('evaluation.menu.frameworks')}>
      <QueryError query={list} retry />
      <Card size="small" title={t('evaluation.framework.versions')} style={{ marginBottom: 16 }}>
        <DataTable<IndicatorFrameworkItem>
          query={list}
          rowKey="id"
          columns={columns}
          dataSource={items}
          emptyText={t('evaluation.framework.empty')}
          testId="frameworks-table"
          rowClassName={(r) => (r.id === selectedId ? 'ant-table-row-selected' : '')}
          onRow={(r) => ({ onClick: () => select(r.id), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: setPage,
          }}
        />
      </Card>
      {selectedId ? <FrameworkDetail key={selectedId} id={selectedId} canManage={canManage} onOpen={select} /> : null}
    </PageContainer>
  );
}

function FrameworkDetail({ id, canManage, onOpen }: { id: string; canManage: boolean; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const detail = useApiQuery(api.getIndicatorFramework, { params: { id } });
  const f = detail.data;
  const editable = canManage && f?.status === 'draft';

  // A draft's points as edited on the page; saved all at once with 保存观测点.
  const [points, setPoints] = useState<IndicatorPointInput[]>([]);
  const [dirty, setDirty] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ index: number | null } | null>(null);
  const [copying, setCopying] = useState(false);
  const [renaming, setRenaming] = useState(false);

  useEffect(() => {
    if (!f) return;
    setPoints(f.points.map(({ sort: _sort, ...p }) => p));
    setDirty(false);
  }, [f]);

  const refresh = (next: IndicatorFrameworkDetail) => {
    qc.setQueryData(['GET', api.getIndicatorFramework.path, { id: next.id }, null], next);
    void qc.invalidateQueries({ queryKey: ['GET', api.listIndicatorFrameworks.path] });
  };

  const save = useMutation({
    mutationFn: () => request(api.putIndicatorPoints, { params: { id }, body: { points } }),
    onSuccess: (next) => {
      setSaveError(null);
      // The cache may keep its old object when nothing changed in the end, so reset here too.
      setPoints(next.points.map(({ sort: _sort, ...p }) => p));
      setDirty(false);
      refresh(next);
      void qc.invalidateQueries({ queryKey: ['GET', api.getIndicatorFramework.path] });
      message.success(t('evaluation.detail.saved'));
    },
    onError: (e) => setSaveError(errorText(e)),
  });
  const publish = useMutation({
    mutationFn: () => request(api.publishIndicatorFramework, { params: { id } }),
    onSuccess: (next) => {
      refresh(next);
      void qc.invalidateQueries({ queryKey: ['GET', api.getIndicatorFramework.path] });
      message.success(t('evaluation.detail.published'));
    },
    onError: showError,
  });

  const groups = useMemo(() => {
    const byCode = new Map<
      string,
      { code: string; name: string; rows: { point: IndicatorPointInput; index: number }[] }
    >();
    points.forEach((point, index) => {
      const g = byCode.get(point.groupCode) ?? { code: point.groupCode, name: point.groupName, rows: [] };
      g.rows.push({ point, index });
      byCode.set(point.groupCode, g);
    });
    return [...byCode.values()];
  }, [points]);

  if (detail.isError) return <QueryError query={detail} retry />;
  if (!f) return <Card loading />;

  const total = basicTotal(points);
  const deductions = points.filter((p) => p.kind === 'deduction').reduce((s, p) => s + p.weight, 0);
  const change = (next: IndicatorPointInput[]) => {
    setPoints(next);
    setDirty(true);
    setSaveError(null);
  };

  const columns: ColumnsType<{ point: IndicatorPointInput; index: number }> = [
    {
      title: t('evaluation.point.code'),
      width: 90,
      render: (_, { point }) => <span className="mono">{point.pointCode}</span>,
    },
    {
      title: t('evaluation.point.name'),
      render: (_, { point }) => <div style={{ minWidth: 240, maxWidth: 520, whiteSpace: 'normal' }}>{point.name}</div>,
    },
    {
      title: t('evaluation.point.kind'),
      width: 100,
      render: (_, { point }) =>
        point.kind === 'deduction' ? <Tag color="red">{pointKindLabels[point.kind]}</Tag> : pointKindLabels[point.kind],
    },
    {
      title: t('evaluation.point.weight'),
      width: 80,
      align: 'right',
      render: (_, { point }) => <span data-testid="point-weight-cell">{point.weight}</span>,
    },
    {
      title: t('evaluation.point.guidance'),
      render: (_, { point }) => (
        <Typography.Paragraph
          type="secondary"
          style={{ minWidth: 200, maxWidth: 480, whiteSpace: 'pre-wrap', margin: 0 }}
          ellipsis={{ rows: 3, expandable: true, symbol: t('evaluation.detail.more') }}
        >
          {point.guidance || '—'}
        </Typography.Paragraph>
      ),
    },
    ...(editable
      ? [
          {
            title: t('common.actions'),
            width: 120,
            render: (_: unknown, { point, index }: { point: IndicatorPointInput; index: number }) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  aria-label={t('common.edit')}
                  onClick={() => setEditing({ index })}
                  data-testid={`point-edit-${point.pointCode}`}
                />
                <Popconfirm
                  title={t('evaluation.point.removeConfirm', { code: point.pointCode })}
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => change(points.filter((_, i) => i !== index))}
                >
                  <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const editingPoint = editing?.index != null ? (points[editing.index] ?? null) : null;

  return (
    <Card
      data-testid="framework-detail"
      title={
        <Space wrap>
          <span>{f.name}</span>
          <Typography.Text type="secondary">
            {t('evaluation.framework.versionN', { version: f.version })}
          </Typography.Text>
          <StatusTag status={f.status} />
        </Space>
      }
      extra={
        <Flex gap={8} wrap>
          <ExportButton
            testId="framework-export"
            run={() =>
              download(
                api.exportIndicatorFramework,
                { params: { id } },
                `${f.name}-${t('evaluation.framework.versionN', { version: f.version })}.xlsx`,
              )
            }
          />
          {canManage && f.status === 'published' ? (
            <Button onClick={() => setCopying(true)} data-testid="framework-copy">
              {t('evaluation.detail.copy')}
            </Button>
          ) : null}
          {editable ? (
            <Button
              icon={<EditOutlined />}
              onClick={() => setRenaming(true)}
              disabled={dirty}
              title={dirty ? t('evaluation.detail.unsaved') : undefined}
              data-testid="framework-edit"
            >
              {t('evaluation.edit.title')}
            </Button>
          ) : null}
          {editable ? (
            <Popconfirm
              title={t('evaluation.detail.publishConfirm')}
              description={t('evaluation.detail.publishHint')}
              okText={t('evaluation.detail.publish')}
              cancelText={t('common.cancel')}
              onConfirm={() => publish.mutate()}
              disabled={dirty}
            >
              <Button type="primary" loading={publish.isPending} disabled={dirty} data-testid="framework-publish">
                {t('evaluation.detail.publish')}
              </Button>
            </Popconfirm>
          ) : null}
        </Flex>
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('evaluation.detail.groups')}>{groups.length}</Descriptions.Item>
        <Descriptions.Item label={t('evaluation.framework.points')}>
          <span data-testid="framework-point-count">{points.length}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('evaluation.detail.basicTotal')}>
          <Typography.Text
            type={total === FRAMEWORK_TOTAL_WEIGHT ? 'success' : 'danger'}
            strong
            data-testid="framework-total"
          >
            {total}
          </Typography.Text>
          <Typography.Text type="secondary">
            {t('evaluation.detail.ofTotal', { total: FRAMEWORK_TOTAL_WEIGHT })}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('evaluation.detail.deductions')}>{deductions}</Descriptions.Item>
        {f.note ? (
          <Descriptions.Item label={t('common.note')} span={4}>
            {f.note}
          </Descriptions.Item>
        ) : null}
      </Descriptions>

      {editable ? (
        <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
          <Button icon={<PlusOutlined />} onClick={() => setEditing({ index: null })} data-testid="point-add">
            {t('evaluation.point.add')}
          </Button>
          <Button
            type="primary"
            disabled={!dirty}
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="points-save"
          >
            {t('evaluation.detail.save')}
          </Button>
          {dirty ? (
            <Button
              onClick={() => {
                setPoints(f.points.map(({ sort: _sort, ...p }) => p));
                setDirty(false);
                setSaveError(null);
              }}
            >
              {t('evaluation.detail.discard')}
            </Button>
          ) : null}
          <Typography.Text type="secondary">
            {dirty ? t('evaluation.detail.unsaved') : t('evaluation.detail.draftHint')}
          </Typography.Text>
        </Flex>
      ) : null}
      {saveError ? (
        <Alert type="error" showIcon title={saveError} style={{ marginBottom: 12 }} data-testid="points-error" />
      ) : null}

      {groups.length === 0 ? (
        <Empty description={editable ? t('evaluation.detail.emptyDraft') : t('evaluation.detail.empty')} />
      ) : (
        groups.map((g) => (
          <div key={g.code} style={{ marginBottom: 16 }}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {g.code} {g.name}
              <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8, fontSize: 13 }}>
                {t('evaluation.detail.groupSum', { count: g.rows.length, sum: basicTotal(g.rows.map((r) => r.point)) })}
              </Typography.Text>
            </Typography.Title>
            <DataTable
              query={detail}
              rowKey={(r) => r.point.pointCode}
              columns={columns}
              dataSource={g.rows}
              emptyText={t('evaluation.detail.empty')}
              pagination={false}
              size="small"
            />
          </div>
        ))
      )}

      {editable ? (
        <PointModal
          open={editing !== null}
          point={editingPoint}
          taken={points.filter((_, i) => i !== editing?.index).map((p) => p.pointCode)}
          onClose={() => setEditing(null)}
          onDone={(p) => {
            change(editing?.index != null ? points.map((x, i) => (i === editing.index ? p : x)) : [...points, p]);
            setEditing(null);
          }}
        />
      ) : null}
      {editable ? (
        <FrameworkModal
          kind="edit"
          framework={renaming ? f : null}
          onClose={() => setRenaming(false)}
          onDone={(next) => {
            setRenaming(false);
            refresh(next);
          }}
        />
      ) : null}
      {canManage ? (
        <FrameworkModal
          kind="copy"
          framework={copying ? f : null}
          onClose={() => setCopying(false)}
          onDone={(next) => {
            setCopying(false);
            void qc.invalidateQueries({ queryKey: ['GET', api.listIndicatorFrameworks.path] });
            onOpen(next.id);
          }}
        />
      ) : null}
    </Card>
  );
}
