import {
  api,
  type ConsolidationMethod,
  consolidationMethods,
  createRoundBody,
  type RoundDetail,
  type RoundKind,
  roundKinds,
  TRIMMED_MEAN_MIN_REVIEWERS,
  type UpdateRoundBody,
  updateRoundBody,
} from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import type { z } from 'zod';
import { useApiQuery } from '../../api/queries';
import { request } from '../../api/request';
import { isoDay } from '../../components/dates';
import { FormModal } from '../../components/FormModal';
import { useModalForm } from '../../components/useModalForm';
import { roundLabel, useRoundsChanged } from './roundLabels';

interface Values {
  kind?: RoundKind;
  name?: string;
  year?: number | null;
  frameworkId?: string;
  selfDueOn?: Dayjs | null;
  reviewDueOn?: Dayjs | null;
  method?: ConsolidationMethod;
  consortiumIds?: string[];
}
const fields = ['kind', 'name', 'year', 'frameworkId', 'selfDueOn', 'reviewDueOn', 'method', 'consortiumIds'] as const;

/**
 * 创建评价轮次 / 编辑草稿: the kind, name and year, the pinned framework version (published
 * versions only), the two due dates, how reviews are consolidated and the consortia taking part.
 */
export function RoundFormModal({
  open,
  round,
  onClose,
  onDone,
}: {
  open: boolean;
  /** The draft edited; null creates a round. */
  round: RoundDetail | null;
  onClose: () => void;
  onDone: (saved: RoundDetail) => void;
}) {
  const changed = useRoundsChanged();
  const { t, message, form, formError, check, showServerError } = useModalForm<Values>(
    open,
    () =>
      round
        ? {
            kind: round.kind,
            name: round.name,
            year: round.year,
            frameworkId: round.frameworkId,
            selfDueOn: dayjs(round.selfDueOn),
            reviewDueOn: dayjs(round.reviewDueOn),
            method: round.method,
            consortiumIds: round.entries.map((e) => e.consortiumId),
          }
        : { kind: 'acceptance', year: dayjs().year(), method: 'mean', consortiumIds: [] },
    { deps: [round] },
  );
  const frameworks = useApiQuery(
    api.listIndicatorFrameworks,
    { query: { status: 'published', pageSize: 100 } },
    { enabled: open, staleTime: 60_000 },
  );
  const consortia = useApiQuery(api.listConsortia, { query: { pageSize: 200 } }, { enabled: open, staleTime: 60_000 });

  const frameworkOptions = (frameworks.data?.items ?? []).map((f) => ({
    value: f.id,
    label: `${f.name} ${t('evaluation.framework.versionN', { version: f.version })}`,
  }));
  // A draft round may pin a version retired since: keep it selectable.
  if (round && !frameworkOptions.some((o) => o.value === round.frameworkId))
    frameworkOptions.push({
      value: round.frameworkId,
      label: `${round.frameworkName} ${t('evaluation.framework.versionN', { version: round.frameworkVersion })}`,
    });
  // The newest published version is the default of a new round.
  const newest = frameworks.data?.items[0]?.id;
  useEffect(() => {
    if (open && !round && newest && !form.getFieldValue('frameworkId')) form.setFieldValue('frameworkId', newest);
  }, [open, round, newest, form]);

  const save = useMutation({
    mutationFn: (
      b: { create: true; data: z.output<typeof createRoundBody> } | { create: false; data: UpdateRoundBody },
    ) =>
      b.create
        ? request(api.createEvaluationRound, { body: b.data })
        : request(api.updateEvaluationRound, { params: { id: round!.id }, body: b.data }),
    onSuccess: (saved) => {
      changed();
      message.success(round ? t('evaluation.round.saved') : t('evaluation.round.created', { name: saved.name }));
      onDone(saved);
    },
    onError: (e) => showServerError(e, fields, true),
  });

  const submit = () => {
    const v = form.getFieldsValue(true) as Values;
    const common = {
      name: v.name ?? '',
      year: v.year ?? undefined,
      frameworkId: v.frameworkId,
      selfDueOn: isoDay(v.selfDueOn) ?? '',
      reviewDueOn: isoDay(v.reviewDueOn) ?? '',
      method: v.method,
      consortiumIds: v.consortiumIds ?? [],
    };
    if (round) {
      const data = check(updateRoundBody, common, fields);
      if (data) save.mutate({ create: false, data });
    } else {
      const data = check(createRoundBody, { ...common, kind: v.kind }, fields);
      if (data) save.mutate({ create: true, data });
    }
  };

  return (
    <FormModal<Values>
      open={open}
      title={round ? t('evaluation.round.edit') : t('evaluation.round.create')}
      onClose={onClose}
      onSubmit={submit}
      pending={save.isPending}
      form={form}
      formError={formError}
      okText={round ? t('common.save') : t('evaluation.round.createOk')}
      width={720}
      testId="round-modal"
      submitTestId="round-modal-ok"
      enter="none"
    >
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="kind" label={t('evaluation.round.kind')} required>
            <Select
              disabled={round !== null}
              options={roundKinds.map((k) => ({ value: k, label: roundLabel('roundKind', k) }))}
              data-testid="round-kind"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item name="name" label={t('evaluation.round.name')} required>
            <Input maxLength={100} placeholder={t('evaluation.round.namePlaceholder')} data-testid="round-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={6}>
          <Form.Item name="year" label={t('evaluation.round.year')} required>
            <InputNumber min={2020} max={2100} precision={0} style={{ width: '100%' }} data-testid="round-year" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="frameworkId"
        label={t('evaluation.round.framework')}
        required
        extra={t('evaluation.round.frameworkHint')}
      >
        <Select
          options={frameworkOptions}
          loading={frameworks.isLoading}
          notFoundContent={t('evaluation.round.noPublished')}
          data-testid="round-framework"
        />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="selfDueOn" label={t('evaluation.round.selfDueOn')} required>
            <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="round-selfDueOn" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="reviewDueOn" label={t('evaluation.round.reviewDueOn')} required>
            <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="round-reviewDueOn" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="method"
        label={t('evaluation.round.method')}
        required
        extra={t('evaluation.round.methodHint', { count: TRIMMED_MEAN_MIN_REVIEWERS })}
      >
        <Radio.Group
          options={consolidationMethods.map((m) => ({ value: m, label: roundLabel('method', m) }))}
          data-testid="round-method"
        />
      </Form.Item>
      <Form.Item
        name="consortiumIds"
        label={t('evaluation.round.consortia')}
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('evaluation.round.consortiaHint')}
          </Typography.Text>
        }
      >
        <Select
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={consortia.isLoading}
          options={(consortia.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          placeholder={t('evaluation.round.consortiaPlaceholder')}
          data-testid="round-consortia"
        />
      </Form.Item>
    </FormModal>
  );
}
