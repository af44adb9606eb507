import { api, type PlanInput, type PlanItem, type PlanPatch, planInput, planPatch } from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Col, Form, InputNumber, Row } from 'antd';
import { request } from '../../../api/request';
import { FormModal } from '../../../components/FormModal';
import { useModalForm } from '../../../components/useModalForm';
import { thisYear } from '../format';
import { type SupplyFormProps, SupplyKeyFields, supplyNamed } from './SupplyTab';

interface Values {
  majorCode?: string | null;
  year?: number | null;
  planned?: number | null;
  actual?: number | null;
}
const fields = ['majorCode', 'year', 'planned', 'actual'] as const;

/** Registers (upserts by major × year) or edits an enrollment plan; checked with the contract's schema. */
export function PlanFormModal({ open, item: plan, known, onClose, onSaved }: SupplyFormProps<PlanItem>) {
  const editing = plan !== null;
  const { t, message, form, formError, showServerError, check } = useModalForm<Values>(
    open,
    () =>
      plan
        ? { majorCode: plan.majorCode, year: plan.year, planned: plan.planned, actual: plan.actual }
        : { year: thisYear() },
    { deps: [plan] },
  );

  const save = useMutation({
    mutationFn: (body: PlanInput | PlanPatch) =>
      plan
        ? request(api.updatePlan, { params: { id: plan.id }, body: body as PlanPatch })
        : request(api.upsertPlan, { body: body as PlanInput }),
    onSuccess: (p) => {
      onSaved();
      message.success(t('insight.plans.saved', supplyNamed(p)));
      onClose();
    },
    onError: (error) => showServerError(error, fields, true),
  });

  const submit = () => {
    const v = form.getFieldsValue(true) as Values;
    const figures = { planned: v.planned ?? undefined, actual: v.actual ?? null };
    const data = editing
      ? check(planPatch, figures, fields)
      : check(planInput, { majorCode: v.majorCode ?? '', year: v.year ?? undefined, ...figures }, fields);
    if (data) save.mutate(data);
  };

  return (
    <FormModal<Values>
      open={open}
      title={editing ? t('insight.plans.editTitle', supplyNamed(plan)) : t('insight.plans.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      pending={save.isPending}
      form={form}
      formError={formError}
      width={560}
      testId="plan-form-modal"
      submitTestId="pf-submit"
    >
      <Row gutter={16}>
        <SupplyKeyFields kind="plans" editing={editing} known={known} testIds={{ major: 'pf-major' }} />
        <Col xs={12}>
          <Form.Item name="planned" label={t('insight.plans.planned')} required>
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} data-testid="pf-planned" />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="actual" label={t('insight.plans.actual')} extra={t('insight.plans.actualHint')}>
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} data-testid="pf-actual" />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
