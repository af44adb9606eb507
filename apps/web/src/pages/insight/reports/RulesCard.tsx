import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { api, hasPermission, type WarningRule } from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Grid, Popconfirm, Switch, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routeKey, useApiQuery } from '../../../api/queries';
import { request } from '../../../api/request';
import { useMe } from '../../../api/session';
import { DataTable, QueryError } from '../../../components/DataTable';
import { formatTime } from '../../../components/labels';
import { useShowError } from '../../../components/useShowError';
import { colorLabel, percent, ruleKindLabel, warningTagColor } from '../format';
import { asPercent, RuleFormModal, ruleBody } from './RuleFormModal';

/**
 * 预警规则: what the colours mean, for every reader of the reports; officials (talent.rules) add,
 * change, enable and disable rules, and the reports follow at once.
 */
export function RulesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const screens = Grid.useBreakpoint();
  const queryClient = useQueryClient();
  const me = useMe().data!.user;
  const canEdit = hasPermission(me, 'talent.rules');
  const rules = useApiQuery(api.listWarningRules);
  const [editing, setEditing] = useState<WarningRule | null | undefined>(undefined);

  const changed = () => {
    for (const d of [api.listWarningRules, api.majorWarnings, api.majorFit])
      void queryClient.invalidateQueries({ queryKey: routeKey(d) });
  };
  const toggle = useMutation({
    mutationFn: (r: WarningRule) =>
      r.enabled
        ? request(api.deleteWarningRule, { params: { id: r.id } })
        : request(api.updateWarningRule, { params: { id: r.id }, body: ruleBody(r, { enabled: true }) }),
    onSuccess: (r) => {
      changed();
      message.success(r.enabled ? t('insight.rules.enabledOne') : t('insight.rules.disabledOne'));
    },
    onError: showError,
  });

  const columns: ColumnsType<WarningRule> = [
    {
      title: t('insight.rules.level'),
      dataIndex: 'level',
      render: (v: WarningRule['level']) => (
        <Tag color={warningTagColor[v]} style={{ marginInlineEnd: 0 }}>
          {colorLabel(v)}
        </Tag>
      ),
    },
    {
      title: t('insight.rules.rule'),
      dataIndex: 'description',
      render: (v: string, r) => (
        <div style={{ minWidth: 200, maxWidth: 360, whiteSpace: 'normal' }} data-testid="rule-description">
          {v}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {ruleKindLabel(r.kind)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('insight.rules.threshold'),
      key: 'threshold',
      align: 'right',
      render: (_, r) => (asPercent(r.kind) ? percent(r.params.threshold, 1) : r.params.threshold),
    },
    {
      title: t('insight.rules.years'),
      key: 'years',
      align: 'right',
      render: (_, r) => (r.kind === 'placement_below' ? (r.params.years ?? 1) : '—'),
    },
    {
      title: t('insight.rules.enabled'),
      dataIndex: 'enabled',
      render: (v: boolean, r) =>
        canEdit ? (
          <Popconfirm
            title={v ? t('insight.rules.disableConfirm') : t('insight.rules.enableConfirm')}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => toggle.mutateAsync(r).catch(() => undefined)}
          >
            <Switch
              checked={v}
              loading={toggle.isPending && toggle.variables?.id === r.id}
              data-testid="rule-enabled"
            />
          </Popconfirm>
        ) : v ? (
          <Tag color="green">{t('insight.rules.on')}</Tag>
        ) : (
          <Tag>{t('insight.rules.off')}</Tag>
        ),
    },
    {
      title: t('common.note'),
      dataIndex: 'note',
      render: (v: string | null) => <div style={{ maxWidth: 220, whiteSpace: 'normal' }}>{v ?? '—'}</div>,
    },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatTime(v) },
  ];
  if (canEdit)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)} data-testid="rule-edit">
          {t('common.edit')}
        </Button>
      ),
    });

  return (
    <Card
      size="small"
      title={t('insight.rules.title')}
      extra={
        canEdit && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="rule-create">
            {t('insight.rules.create')}
          </Button>
        )
      }
      styles={{ body: { padding: screens.md ? 12 : 4 } }}
      data-testid="rules-card"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, padding: screens.md ? 0 : 8 }}>
        {canEdit ? t('insight.rules.introEdit') : t('insight.rules.intro')}
      </Typography.Paragraph>
      <QueryError query={rules} />
      <DataTable<WarningRule>
        rowKey="id"
        columns={columns}
        dataSource={rules.data?.items ?? []}
        query={rules}
        pagination={false}
        size="small"
        rowClassName={(r) => (r.enabled ? '' : 'row-muted')}
        emptyText={t('insight.rules.empty')}
        testId="rules-table"
      />
      {canEdit && (
        <RuleFormModal
          open={editing !== undefined}
          rule={editing ?? null}
          onClose={() => setEditing(undefined)}
          onSaved={changed}
        />
      )}
    </Card>
  );
}
