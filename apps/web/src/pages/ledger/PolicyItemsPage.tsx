import { EditOutlined, EyeOutlined, SaveOutlined } from '@ant-design/icons';
import {
  api,
  type PolicyItemDetail,
  type PolicyItemState,
  type PolicyItemStatus,
  policyItemStatuses,
  putPolicyItemBody,
} from '@chanjiao/contracts';
import { useMutation, useQueries } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Drawer, Flex, Form, Grid, Input, Radio, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { queryKeyOf, useApiQuery } from '../../api/queries';
import { download, request, upload } from '../../api/request';
import { QueryError } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { clearErrorsOnChange } from '../../components/formErrors';
import { formatTime } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import type { FilterDef } from '../../components/paged/FilterBar';
import { useModalForm } from '../../components/useModalForm';
import { LedgerTable, useLedgerList, useLedgerQuery } from './LedgerTable';
import {
  EventTimeline,
  EvidenceList,
  EvidenceUpload,
  ledgerLabel,
  ledgerOptions,
  policyStatusColor,
  useLedgerChanged,
} from './shared';
import './ledger.css';

function StatusTag({ status }: { status: PolicyItemStatus }) {
  return (
    <Tag color={policyStatusColor[status]} style={{ marginInlineEnd: 0 }} data-testid="policy-status">
      {ledgerLabel('policyStatus', status)}
    </Tag>
  );
}

const keyOf = (r: { unitNo: number; itemNo: number }) => `${r.unitNo}-${r.itemNo}`;

/**
 * 政策事项清单: each item of the list with its lead department and the year's status (未启动 /
 * 推进中 / 已落实), evidence and notes; the lead department (or an official without an
 * organization) records them in the item drawer.
 */
export default function PolicyItemsPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const base: FilterDef[] = [
    {
      kind: 'select',
      key: 'status',
      placeholder: t('ledger.policy.status'),
      options: ledgerOptions('policyStatus', policyItemStatuses),
      width: 120,
    },
  ];
  // The lead departments come with the list; the same query (shared cache) feeds the filter.
  const lq = useLedgerQuery([{ kind: 'text', key: 'leadUnit', placeholder: '' }, ...base]);
  const list = useLedgerList(api.listPolicyItems, lq);
  const leadUnits = list.data?.leadUnits ?? [];
  const filters: FilterDef[] = [
    {
      kind: 'select',
      key: 'leadUnit',
      placeholder: t('ledger.policy.leadUnit'),
      options: leadUnits.map((u) => ({ value: u, label: u })),
      search: true,
      width: 200,
    },
    ...base,
  ];
  const itemKey = sp.get('item');
  const openItem = (key: string | null) =>
    setSp((prev) => {
      const next = new URLSearchParams(prev);
      if (key) next.set('item', key);
      else next.delete('item');
      return next;
    });

  const columns = [
    {
      title: t('ledger.policy.no'),
      key: 'no',
      render: (_: unknown, r: PolicyItemState) => <span className="mono">{keyOf(r)}</span>,
    },
    {
      title: t('ledger.policy.leadUnit'),
      dataIndex: 'leadUnit',
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span>,
    },
    {
      title: t('ledger.policy.content'),
      dataIndex: 'content',
      render: (v: string) => (
        <Typography.Paragraph style={{ margin: 0, minWidth: 240, maxWidth: 460 }} ellipsis={{ rows: 3, tooltip: v }}>
          {v}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('ledger.policy.status'),
      dataIndex: 'status',
      render: (s: PolicyItemStatus) => <StatusTag status={s} />,
    },
    {
      title: t('ledger.policy.evidenceText'),
      dataIndex: 'evidenceText',
      render: (v: string | null, r: PolicyItemState) => (
        <div style={{ minWidth: 160, maxWidth: 300 }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }} ellipsis={{ rows: 2, tooltip: v }}>
            {v ?? '—'}
          </Typography.Paragraph>
          {r.evidenceCount > 0 ? (
            <Tag style={{ marginTop: 2 }}>{t('ledger.policy.files', { count: r.evidenceCount })}</Tag>
          ) : null}
        </div>
      ),
    },
    {
      title: t('ledger.policy.notes'),
      dataIndex: 'notes',
      render: (v: string | null) => (
        <Typography.Paragraph
          type="secondary"
          style={{ margin: 0, maxWidth: 200, fontSize: 12 }}
          ellipsis={{ rows: 2, tooltip: v }}
        >
          {v ?? '—'}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('common.updatedAt'),
      dataIndex: 'updatedAt',
      render: (v: string | null, r: PolicyItemState) => (
        <div style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
          {formatTime(v)}
          {r.updatedBy ? <div style={{ color: '#8c8c8c' }}>{r.updatedBy}</div> : null}
        </div>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, r: PolicyItemState) => (
        <Button
          type="link"
          size="small"
          icon={r.canEdit ? <EditOutlined /> : <EyeOutlined />}
          onClick={(e) => {
            e.stopPropagation();
            openItem(keyOf(r));
          }}
          data-testid={`policy-open-${keyOf(r)}`}
        >
          {r.canEdit ? t('ledger.policy.update') : t('ledger.policy.view')}
        </Button>
      ),
    },
  ];

  return (
    <PageContainer title={t('ledger.menu.policyItems')}>
      <Typography.Paragraph type="secondary">{t('ledger.policy.intro')}</Typography.Paragraph>
      <PolicySummary year={lq.year} />
      <LedgerTable
        descriptor={api.listPolicyItems}
        list={lq}
        filters={filters}
        columns={columns}
        rowKey={keyOf}
        searchPlaceholder={t('ledger.policy.search')}
        onRow={(r) => ({ onClick: () => openItem(keyOf(r)), style: { cursor: 'pointer' } })}
        emptyText={t('ledger.policy.empty')}
        actions={
          <ExportButton
            testId="policy-export"
            run={() =>
              download(
                api.exportPolicyItems,
                { query: lq.exportQuery },
                `${t('ledger.menu.policyItems')}-${lq.year}.xlsx`,
              )
            }
          />
        }
        testId="policy-table"
      />
      <PolicyItemDrawer itemKey={itemKey} year={lq.year} onClose={() => openItem(null)} />
    </PageContainer>
  );
}

/** How many items of the year are in each status (one small request per status). */
function PolicySummary({ year }: { year: number }) {
  const { t } = useTranslation();
  const results = useQueries({
    queries: policyItemStatuses.map((status) => {
      const input = { query: { year, status, pageSize: 1 } };
      return {
        queryKey: queryKeyOf(api.listPolicyItems, input),
        queryFn: () => request(api.listPolicyItems, input),
        staleTime: 30_000,
      };
    }),
  });
  const counts = policyItemStatuses.map((status, i) => ({ status, q: results[i]! }));
  return (
    <Flex gap={8} wrap style={{ marginBottom: 12 }} data-testid="policy-summary">
      {counts.map(({ status, q }) => (
        <Tag key={status} color={policyStatusColor[status]} style={{ fontSize: 13, padding: '2px 10px' }}>
          {ledgerLabel('policyStatus', status)} {q.data?.total ?? '…'}
        </Tag>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12, alignSelf: 'center' }}>
        {t('ledger.policy.summaryYear', { year })}
      </Typography.Text>
    </Flex>
  );
}

function PolicyItemDrawer({ itemKey, year, onClose }: { itemKey: string | null; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const changed = useLedgerChanged();
  const [unitNo, itemNo] = (itemKey ?? '').split('-').map(Number);
  const valid = !!itemKey && Number.isInteger(unitNo) && Number.isInteger(itemNo);
  const detail = useApiQuery(
    api.getPolicyItem,
    { params: { unitNo: unitNo ?? 0, itemNo: itemNo ?? 0 }, query: { year } },
    { enabled: valid },
  );
  const d = detail.data && keyOf(detail.data) === itemKey && detail.data.year === year ? detail.data : undefined;
  return (
    <Drawer
      open={!!itemKey}
      onClose={onClose}
      size={screens.md ? 680 : '100%'}
      title={d ? `${t('ledger.policy.itemN', { no: keyOf(d) })} · ${d.leadUnit}` : t('ledger.policy.detail')}
      destroyOnHidden
      data-testid="policy-drawer"
    >
      <QueryError query={detail} retry />
      {!d ? (
        <Card loading size="small" />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('ledger.policy.content')}>
              <div className="pre-wrap">{d.content}</div>
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.policy.leadUnit')}>{d.leadUnit}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.policy.statusOfYear', { year: d.year })}>
              <StatusTag status={d.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('common.updatedAt')}>
              {formatTime(d.updatedAt)}
              {d.updatedBy ? ` · ${d.updatedBy}` : ''}
            </Descriptions.Item>
          </Descriptions>
          {d.canEdit ? (
            <PolicyForm detail={d} />
          ) : (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('ledger.policy.evidenceText')}>
                <div className="pre-wrap">{d.evidenceText ?? '—'}</div>
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.policy.notes')}>
                <div className="pre-wrap">{d.notes ?? '—'}</div>
              </Descriptions.Item>
            </Descriptions>
          )}
          <Card
            size="small"
            title={t('ledger.evidence.title')}
            extra={
              d.canEdit ? (
                <EvidenceUpload
                  testId="policy-evidence-upload"
                  send={(file) =>
                    upload(api.uploadPolicyItemEvidence, {
                      params: { unitNo: d.unitNo, itemNo: d.itemNo },
                      body: { year: d.year },
                      file,
                      fileName: file.name,
                    }).then(changed)
                  }
                />
              ) : null
            }
          >
            <EvidenceList files={d.evidence} canDelete={d.canEdit} onDeleted={() => void changed()} />
          </Card>
          <Card size="small" title={t('ledger.history.title')}>
            <EventTimeline events={d.events} />
          </Card>
        </Flex>
      )}
    </Drawer>
  );
}

interface PolicyValues {
  status?: PolicyItemStatus;
  evidenceText?: string | null;
  notes?: string | null;
}
const policyFields = ['status', 'evidenceText', 'notes'] as const;

function PolicyForm({ detail: d }: { detail: PolicyItemDetail }) {
  const changed = useLedgerChanged();
  const { t, message, form, formError, showServerError, check } = useModalForm<PolicyValues>(
    `${keyOf(d)}-${d.year}-${d.updatedAt ?? ''}`,
    () => ({ status: d.status, evidenceText: d.evidenceText, notes: d.notes }),
  );
  const save = useMutation({
    mutationFn: async () => {
      const v = form.getFieldsValue(true) as PolicyValues;
      const body = check(
        putPolicyItemBody,
        {
          year: d.year,
          status: v.status,
          evidenceText: v.evidenceText?.trim() ? v.evidenceText : null,
          notes: v.notes?.trim() ? v.notes : null,
        },
        policyFields,
      );
      return body ? request(api.putPolicyItem, { params: { unitNo: d.unitNo, itemNo: d.itemNo }, body }) : null;
    },
    onSuccess: (out) => {
      if (!out) return;
      void changed();
      message.success(t('ledger.policy.saved'));
    },
    onError: (e) => showServerError(e, policyFields, true),
  });
  return (
    <Card size="small" title={t('ledger.policy.updateTitle', { year: d.year })}>
      <Form<PolicyValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        onValuesChange={clearErrorsOnChange(form)}
        data-testid="policy-form"
      >
        {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} /> : null}
        <Form.Item name="status" label={t('ledger.policy.status')} required>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={policyItemStatuses.map((s) => ({ value: s, label: ledgerLabel('policyStatus', s) }))}
            data-testid="policy-status-input"
          />
        </Form.Item>
        <Form.Item name="evidenceText" label={t('ledger.policy.evidenceText')} extra={t('ledger.policy.evidenceHint')}>
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 10 }}
            maxLength={5000}
            showCount
            data-testid="policy-evidence-text"
          />
        </Form.Item>
        <Form.Item name="notes" label={t('ledger.policy.notes')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="policy-notes" />
        </Form.Item>
        <Button
          type="primary"
          icon={<SaveOutlined />}
          loading={save.isPending}
          onClick={() => save.mutate()}
          data-testid="policy-save"
        >
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
