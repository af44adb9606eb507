import {
  api,
  createLedgerTaskBody,
  type LedgerMeasure,
  type LedgerTaskItem,
  updateLedgerTaskBody,
} from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Col, Form, Input, Row, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { useApiQuery } from '../../api/queries';
import { request } from '../../api/request';
import { FormModal } from '../../components/FormModal';
import { useModalForm } from '../../components/useModalForm';
import { thisYear, useLedgerChanged, yearOptions } from './shared';

interface Values {
  year?: number;
  measureNo?: number;
  unitOrgId?: string;
  title?: string;
  target?: string;
  kpiId?: string | null;
  dueQuarter?: number;
}
const fields = ['year', 'measureNo', 'unitOrgId', 'title', 'target', 'kpiId', 'dueQuarter'] as const;

/** The cockpit targets (ref_policy_targets) as options: one per id, with the value set for `year` or the nearest one. */
export function useKpiOptions(year: number, enabled: boolean) {
  const list = useApiQuery(
    api.refPolicyTargets,
    { query: { pageSize: 200 } },
    { enabled, staleTime: Number.POSITIVE_INFINITY },
  );
  return useMemo(() => {
    const byId = new Map<string, NonNullable<typeof list.data>['items'][number]>();
    for (const p of list.data?.items ?? []) {
      const prev = byId.get(p.id);
      const better = !prev || Math.abs(p.year - year) < Math.abs(prev.year - year);
      if (better) byId.set(p.id, p);
    }
    return [...byId.values()]
      .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
      .map((p) => ({
        value: p.id,
        label: `${p.id} ${p.metric} ${p.comparator} ${p.target}${p.unit} (${p.year})`,
      }));
  }, [list.data, year]);
}

/**
 * 下达任务 / 编辑任务 (officials without an organization): a measure × year × responsible unit with
 * its title, annual target, optional KPI and due quarter. The unit list is the measure's eligible
 * government organizations, so a unit the measure does not name cannot be picked.
 */
export function TaskFormModal({
  open,
  task,
  preset,
  measures,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** Editing this task; null to create. */
  task: LedgerTaskItem | null;
  /** Measure and year filled in for a new task. */
  preset: { measureNo?: number; year?: number };
  measures: readonly LedgerMeasure[];
  onClose: () => void;
  onSaved: (taskId: string) => void;
}) {
  const changed = useLedgerChanged();
  const editing = task !== null;
  const { t, message, form, formError, showServerError, check } = useModalForm<Values>(
    open,
    () =>
      task
        ? {
            title: task.title,
            target: task.target,
            kpiId: task.kpi?.id ?? null,
            dueQuarter: task.dueQuarter,
          }
        : { year: preset.year ?? thisYear(), measureNo: preset.measureNo, dueQuarter: 4, kpiId: null },
    { deps: [task, preset.measureNo, preset.year] },
  );
  const measureNo = Form.useWatch('measureNo', form);
  const year = Form.useWatch('year', form) ?? task?.year ?? thisYear();
  const measure = measures.find((m) => m.no === (task?.measureNo ?? measureNo));
  const kpiOptions = useKpiOptions(year, open);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      if (task) {
        const body = check(
          updateLedgerTaskBody,
          { title: v.title ?? '', target: v.target ?? '', kpiId: v.kpiId ?? null, dueQuarter: v.dueQuarter },
          fields,
        );
        if (!body) return null;
        return request(api.updateLedgerTask, { params: { id: task.id }, body });
      }
      const body = check(
        createLedgerTaskBody,
        {
          year: v.year,
          measureNo: v.measureNo,
          unitOrgId: v.unitOrgId ?? '',
          title: v.title ?? '',
          target: v.target ?? '',
          kpiId: v.kpiId ?? null,
          dueQuarter: v.dueQuarter,
        },
        fields,
      );
      if (!body) return null;
      return request(api.createLedgerTask, { body });
    },
    onSuccess: (saved) => {
      if (!saved) return;
      void changed();
      message.success(editing ? t('ledger.task.updated') : t('ledger.task.created', { title: saved.title }));
      onSaved(saved.id);
      onClose();
    },
    onError: (e) => showServerError(e, fields, true),
  });

  const quarterOptions = [1, 2, 3, 4].map((q) => ({ value: q, label: t('ledger.common.quarterDue', { q }) }));

  return (
    <FormModal<Values>
      open={open}
      title={editing ? t('ledger.task.editTitle') : t('ledger.task.create')}
      onClose={onClose}
      onSubmit={() => save.mutate(form.getFieldsValue(true) as Values)}
      pending={save.isPending}
      form={form}
      formError={formError}
      width={720}
      testId="task-modal"
      submitTestId="task-modal-ok"
      enter="none"
      intro={
        editing ? (
          <Typography.Paragraph type="secondary">
            {t('ledger.task.editIntro', { measure: `${task.measureNo}. ${task.measureTitle}`, unit: task.unit.name })}
          </Typography.Paragraph>
        ) : null
      }
    >
      {!editing ? (
        <Row gutter={16}>
          <Col xs={24} sm={6}>
            <Form.Item name="year" label={t('ledger.common.year')} required>
              <Select
                options={yearOptions().map((o) => ({ value: Number(o.value), label: o.label }))}
                data-testid="task-year"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={18}>
            <Form.Item name="measureNo" label={t('ledger.task.measure')} required>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('ledger.task.measurePlaceholder')}
                options={measures.map((m) => ({ value: m.no, label: `${m.no}. ${m.title}` }))}
                onChange={() => form.setFieldsValue({ unitOrgId: undefined })}
                data-testid="task-measure"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="unitOrgId"
              label={t('ledger.task.unit')}
              required
              extra={
                measure
                  ? measure.anyGovernment
                    ? t('ledger.task.unitAny', { units: measure.responsibleUnits.join('、') })
                    : t('ledger.task.unitHint', { units: measure.responsibleUnits.join('、') })
                  : t('ledger.task.unitPickMeasure')
              }
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                disabled={!measure}
                placeholder={t('ledger.task.unitPlaceholder')}
                options={(measure?.eligibleUnits ?? []).map((u) => ({ value: u.id, label: u.name }))}
                notFoundContent={t('ledger.task.noUnits')}
                data-testid="task-unit"
              />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
      <Form.Item name="title" label={t('ledger.task.title')} required>
        <Input maxLength={200} data-testid="task-title" />
      </Form.Item>
      <Form.Item name="target" label={t('ledger.task.target')} required>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="task-target" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={16}>
          <Form.Item name="kpiId" label={t('ledger.task.kpi')} extra={t('ledger.task.kpiHint')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('ledger.task.kpiPlaceholder')}
              options={kpiOptions}
              data-testid="task-kpi"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="dueQuarter" label={t('ledger.task.dueQuarter')} required>
            <Select options={quarterOptions} data-testid="task-due" />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
