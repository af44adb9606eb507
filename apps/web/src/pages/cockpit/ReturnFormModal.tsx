import {
  api,
  createKpiReturnBody,
  type KpiReturnDetail,
  type ReturnableKpi,
  updateKpiReturnBody,
} from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Form, Input, InputNumber, Select, Typography } from 'antd';
import { request } from '../../api/request';
import { FormModal } from '../../components/FormModal';
import { useModalForm } from '../../components/useModalForm';
import { thisYear, useCockpitChanged, withUnit, yearOptions } from './shared';

interface ReturnValues {
  kpiCode?: string;
  year?: number;
  value?: number | null;
  note?: string | null;
}
const fields = ['kpiCode', 'year', 'value', 'note'] as const;

/**
 * 填写 / 修改统计填报: the KPI (only those whose source is statistical returns), the year, the
 * figure in the KPI's unit and a note; saved as a draft — evidence and 提交 follow in the drawer.
 * `existing` edits a draft or a rejected return (its KPI is fixed).
 */
export function ReturnFormModal({
  open,
  kpis,
  initialKpi,
  existing,
  onClose,
  onCreated,
}: {
  open: boolean;
  kpis: readonly ReturnableKpi[];
  initialKpi?: string;
  existing?: KpiReturnDetail | null;
  onClose: () => void;
  onCreated?: (id: string) => void;
}) {
  const changed = useCockpitChanged();
  const { t, message, form, formError, showServerError, check } = useModalForm<ReturnValues>(
    open,
    () =>
      existing
        ? { kpiCode: existing.kpiCode, year: existing.year, value: existing.value, note: existing.note }
        : {
            kpiCode: kpis.some((k) => k.code === initialKpi) ? initialKpi : undefined,
            year: thisYear() - 1,
            value: null,
            note: null,
          },
    { deps: [existing?.id] },
  );
  const code = Form.useWatch('kpiCode', form);
  const kpi = kpis.find((k) => k.code === code);

  const save = useMutation({
    mutationFn: async () => {
      const v = form.getFieldsValue(true) as ReturnValues;
      const note = v.note?.trim() ? v.note : null;
      if (existing) {
        const body = check(updateKpiReturnBody, { year: v.year, value: v.value ?? undefined, note }, fields);
        return body ? request(api.updateKpiReturn, { params: { id: existing.id }, body }) : null;
      }
      const body = check(
        createKpiReturnBody,
        { kpiCode: v.kpiCode, year: v.year, value: v.value ?? undefined, note },
        fields,
      );
      return body ? request(api.createKpiReturn, { body }) : null;
    },
    onSuccess: (out) => {
      if (!out) return;
      void changed();
      message.success(existing ? t('cockpit.returns.saved') : t('cockpit.returns.created'));
      if (existing) onClose();
      else onCreated?.(out.id);
    },
    onError: (e) => showServerError(e, fields, true),
  });

  return (
    <FormModal<ReturnValues>
      open={open}
      title={existing ? t('cockpit.returns.editTitle') : t('cockpit.returns.createTitle')}
      onClose={onClose}
      onSubmit={() => save.mutate()}
      pending={save.isPending}
      form={form}
      formError={formError}
      okText={t('cockpit.returns.saveDraft')}
      width={600}
      testId="return-modal"
      submitTestId="return-modal-ok"
      errorTestId="return-modal-error"
    >
      <Form.Item name="kpiCode" label={t('cockpit.returns.kpi')} required>
        <Select
          disabled={!!existing}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('cockpit.returns.kpiPlaceholder')}
          options={kpis.map((k) => ({ value: k.code, label: `${k.code} ${k.name}（${k.scope}）` }))}
          data-testid="return-kpi"
        />
      </Form.Item>
      {kpi ? (
        <Typography.Paragraph
          type="secondary"
          style={{ marginTop: -12, fontSize: 12 }}
          data-testid="return-kpi-targets"
        >
          {t('cockpit.returns.kpiTargets', {
            targets: kpi.targets.map((x) => `${x.year}：${withUnit(x.target, kpi.unit)}`).join('；'),
          })}
        </Typography.Paragraph>
      ) : null}
      <Form.Item name="year" label={t('cockpit.returns.year')} required extra={t('cockpit.returns.yearHint')}>
        <Select
          options={yearOptions().map((o) => ({ value: Number(o.value), label: o.label }))}
          style={{ width: 140 }}
          data-testid="return-year"
        />
      </Form.Item>
      <Form.Item
        name="value"
        label={t('cockpit.returns.value')}
        required
        extra={kpi?.unit === '%' ? t('cockpit.returns.percentHint') : undefined}
      >
        <InputNumber
          min={0}
          max={kpi?.unit === '%' ? 100 : undefined}
          style={{ width: 220 }}
          suffix={kpi?.unit}
          data-testid="return-value-input"
        />
      </Form.Item>
      <Form.Item name="note" label={t('cockpit.returns.note')} extra={t('cockpit.returns.noteHint')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount data-testid="return-note" />
      </Form.Item>
    </FormModal>
  );
}
