import { CheckOutlined, CloseOutlined, DeleteOutlined, EditOutlined, SendOutlined } from '@ant-design/icons';
import {
  api,
  type KpiReturnDetail,
  type KpiReturnItem,
  type ReturnableKpi,
  rejectKpiReturnBody,
} from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Popconfirm,
  Skeleton,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { download, request, upload } from '../../api/request';
import { QueryError } from '../../components/DataTable';
import { EvidenceFileList, EvidenceUploadButton } from '../../components/EvidenceFiles';
import { FormModal } from '../../components/FormModal';
import { formatTime } from '../../components/labels';
import { useAction } from '../../components/useAction';
import { useModalForm } from '../../components/useModalForm';
import { ReturnFormModal } from './ReturnFormModal';
import { ReturnStatusTag, useCockpitChanged, withUnit } from './shared';

/** One return: its figure, evidence, workflow buttons for whoever may act, and the other returns of its KPI and year. */
export function ReturnDrawer({
  id,
  kpis,
  onClose,
}: {
  id: string | null;
  kpis: readonly ReturnableKpi[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const detail = useApiQuery(api.getKpiReturn, { params: { id: id ?? '' } }, { enabled: !!id });
  const d = detail.data && detail.data.id === id ? detail.data : undefined;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={screens.md ? 680 : '100%'}
      title={
        d ? `${d.kpiCode} ${d.kpiName} · ${t('cockpit.common.yearN', { year: d.year })}` : t('cockpit.returns.detail')
      }
      destroyOnHidden
      data-testid="return-drawer"
    >
      <QueryError query={detail} retry />
      {!d ? <Skeleton active /> : <ReturnBody detail={d} kpis={kpis} onDeleted={onClose} />}
    </Drawer>
  );
}

function ReturnBody({
  detail: d,
  kpis,
  onDeleted,
}: {
  detail: KpiReturnDetail;
  kpis: readonly ReturnableKpi[];
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const changed = useCockpitChanged();
  const [editing, setEditing] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const submit = useAction(() => request(api.submitKpiReturn, { params: { id: d.id } }), {
    after: () => void changed(),
    done: () => t('cockpit.returns.submittedDone'),
  });
  const approve = useAction(() => request(api.approveKpiReturn, { params: { id: d.id } }), {
    after: () => void changed(),
    done: () => t('cockpit.returns.approvedDone'),
  });
  const remove = useAction(() => request(api.deleteKpiReturn, { params: { id: d.id } }), {
    after: () => {
      void changed();
      onDeleted();
    },
    done: () => t('cockpit.returns.deletedDone'),
  });

  return (
    <Flex vertical gap={16}>
      {d.status === 'rejected' && d.rejectReason ? (
        <Alert
          type="error"
          showIcon
          title={t('cockpit.returns.rejectedBecause')}
          description={<div className="pre-wrap">{d.rejectReason}</div>}
          data-testid="return-reject-reason"
        />
      ) : null}
      {d.status === 'approved' && d.current ? (
        <Alert type="success" showIcon title={t('cockpit.returns.countsNote')} data-testid="return-counts-note" />
      ) : null}
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('cockpit.returns.kpi')}>
          <Link to={`/cockpit/kpis/${d.kpiCode}?year=${d.year}`} data-testid="return-kpi-link">
            {d.kpiCode} {d.kpiName}
          </Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('cockpit.returns.year')}>{d.year}</Descriptions.Item>
        <Descriptions.Item label={t('cockpit.returns.value')}>
          <strong data-testid="return-detail-value">{withUnit(d.value, d.unit)}</strong>
        </Descriptions.Item>
        <Descriptions.Item label={t('cockpit.returns.org')}>{d.org.name}</Descriptions.Item>
        <Descriptions.Item label={t('cockpit.returns.status')}>
          <Flex gap={4} wrap>
            <ReturnStatusTag status={d.status} />
            {d.current ? <Tag color="green">{t('cockpit.returns.counts')}</Tag> : null}
            {d.supersededAt ? <Tag>{t('cockpit.returns.supersededAt', { at: formatTime(d.supersededAt) })}</Tag> : null}
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('cockpit.returns.note')}>
          <div className="pre-wrap">{d.note ?? '—'}</div>
        </Descriptions.Item>
        <Descriptions.Item label={t('cockpit.returns.submitted')}>
          {formatTime(d.submittedAt)}
          {d.submittedBy ? ` · ${d.submittedBy}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('cockpit.returns.reviewed')}>
          {formatTime(d.reviewedAt)}
          {d.reviewedBy ? ` · ${d.reviewedBy}` : ''}
        </Descriptions.Item>
      </Descriptions>

      {d.can.edit || d.can.submit || d.can.review ? (
        <Flex gap={8} wrap data-testid="return-actions">
          {d.can.edit ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="return-edit">
              {t('common.edit')}
            </Button>
          ) : null}
          {d.can.submit ? (
            <Popconfirm
              title={t('cockpit.returns.submitConfirm')}
              okText={t('cockpit.returns.submit')}
              cancelText={t('common.cancel')}
              onConfirm={() => submit.mutate()}
            >
              <Button type="primary" icon={<SendOutlined />} loading={submit.isPending} data-testid="return-submit">
                {t('cockpit.returns.submit')}
              </Button>
            </Popconfirm>
          ) : null}
          {d.can.edit && d.status === 'draft' ? (
            <Popconfirm
              title={t('cockpit.returns.deleteConfirm')}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove.mutate()}
            >
              <Button danger icon={<DeleteOutlined />} loading={remove.isPending} data-testid="return-delete">
                {t('cockpit.returns.deleteDraft')}
              </Button>
            </Popconfirm>
          ) : null}
          {d.can.review ? (
            <>
              <Popconfirm
                title={t('cockpit.returns.approveConfirm')}
                okText={t('cockpit.returns.approve')}
                cancelText={t('common.cancel')}
                onConfirm={() => approve.mutate()}
              >
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={approve.isPending}
                  data-testid="return-approve"
                >
                  {t('cockpit.returns.approve')}
                </Button>
              </Popconfirm>
              <Button danger icon={<CloseOutlined />} onClick={() => setRejecting(true)} data-testid="return-reject">
                {t('cockpit.returns.reject')}
              </Button>
            </>
          ) : null}
        </Flex>
      ) : null}

      <Card
        size="small"
        title={t('cockpit.returns.evidence')}
        extra={
          d.can.edit ? (
            <EvidenceUploadButton
              testId="return-evidence-upload"
              send={(file) =>
                upload(api.uploadKpiReturnEvidence, { params: { id: d.id }, file, fileName: file.name }).then(changed)
              }
              texts={{
                upload: t('cockpit.returns.upload'),
                tooLarge: () => t('cockpit.returns.tooLarge'),
                uploaded: (name) => t('cockpit.returns.uploaded', { name }),
              }}
            />
          ) : null
        }
      >
        <EvidenceFileList
          files={d.evidence.map((f) => ({ ...f, id: f.fileId, at: f.createdAt }))}
          download={(f) => download(api.downloadKpiReturnFile, { params: { id: f.fileId } }, f.fileName)}
          remove={
            d.can.edit
              ? {
                  run: (f) => request(api.deleteKpiReturnEvidence, { params: { id: d.id, itemId: f.fileId } }),
                  confirm: (name) => t('cockpit.returns.deleteFileConfirm', { name }),
                  done: t('cockpit.returns.fileDeleted'),
                  after: () => void changed(),
                }
              : null
          }
          emptyText={d.can.edit ? t('cockpit.returns.noEvidenceHint') : t('cockpit.returns.noEvidence')}
        />
      </Card>

      {d.history.length > 0 ? (
        <Card size="small" title={t('cockpit.returns.history')}>
          <Table<KpiReturnItem>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={d.history}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('cockpit.returns.org'), key: 'org', render: (_: unknown, r) => r.org.name },
              { title: t('cockpit.kpi.value'), key: 'value', render: (_: unknown, r) => withUnit(r.value, r.unit) },
              {
                title: t('cockpit.returns.status'),
                key: 'status',
                render: (_: unknown, r) => <ReturnStatusTag status={r.status} />,
              },
              {
                title: t('cockpit.returns.reviewed'),
                key: 'at',
                render: (_: unknown, r) => formatTime(r.reviewedAt ?? r.updatedAt),
              },
            ]}
            data-testid="return-history"
          />
        </Card>
      ) : null}

      <ReturnFormModal open={editing} kpis={kpis} existing={d} onClose={() => setEditing(false)} />
      <RejectModal id={d.id} open={rejecting} onClose={() => setRejecting(false)} />
    </Flex>
  );
}

interface RejectValues {
  reason?: string;
}

function RejectModal({ id, open, onClose }: { id: string; open: boolean; onClose: () => void }) {
  const changed = useCockpitChanged();
  const { t, message, form, formError, showServerError, check } = useModalForm<RejectValues>(open, () => ({
    reason: '',
  }));
  const reject = useMutation({
    mutationFn: async () => {
      const body = check(rejectKpiReturnBody, form.getFieldsValue(true), ['reason']);
      return body ? request(api.rejectKpiReturn, { params: { id }, body }) : null;
    },
    onSuccess: (out) => {
      if (!out) return;
      void changed();
      message.success(t('cockpit.returns.rejectedDone'));
      onClose();
    },
    onError: (e) => showServerError(e, ['reason']),
  });
  return (
    <FormModal<RejectValues>
      open={open}
      title={t('cockpit.returns.rejectTitle')}
      onClose={onClose}
      onSubmit={() => reject.mutate()}
      pending={reject.isPending}
      form={form}
      formError={formError}
      okText={t('cockpit.returns.reject')}
      danger
      enter="none"
      testId="reject-modal"
      submitTestId="reject-modal-ok"
    >
      <Form.Item name="reason" label={t('cockpit.returns.rejectReason')} required>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount data-testid="reject-reason" />
      </Form.Item>
    </FormModal>
  );
}
