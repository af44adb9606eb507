import { api, type PlanInput, type PlanItem, type PlanPatch, planInput, planPatch } from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Alert, Col, Form, InputNumber, Modal, Row } from 'antd';
import { request } from '../../../api/request';
import { clearErrorsOnChange } from '../../../components/formErrors';
import { useModalForm } from '../../../components/useModalForm';
import { thisYear } from '../format';
import { type MajorOption, MajorSelect } from '../MajorSelect';

interface Values {
  majorCode?: string | null;
  year?: number | null;
  planned?: number | null;
  actual?: number | null;
}
const fields = ['majorCode', 'year', 'planned', 'actual'] as const;

/** Registers (upserts by major × year) or edits an enrollment plan; checked with the contract's schema. */
export function PlanFormModal({
  open,
  plan,
  known,
  onClose,
  onSaved,
}: {
  open: boolean;
  plan: PlanItem | null;
  known: readonly MajorOption[];
  onClose: () => void;
  onSaved: () => void;
}) {
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
      message.success(t('insight.plans.saved', { major: p.majorName ?? p.majorCode, year: p.year }));
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
    <Modal
      open={open}
      title={
        editing
          ? t('insight.plans.editTitle', { major: plan.majorName ?? plan.majorCode, year: plan.year })
          : t('insight.plans.createTitle')
      }
      onCancel={onClose}
      onOk={submit}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'pf-submit' } as never}
      forceRender
      width={560}
      data-testid="plan-form-modal"
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark="optional"
        onFinish={submit}
        onValuesChange={clearErrorsOnChange(form)}
      >
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item
              name="majorCode"
              label={t('insight.students.major')}
              required
              extra={editing ? undefined : t('insight.plans.upsertHint')}
            >
              <MajorSelect known={known} disabled={editing} testId="pf-major" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="year" label={t('insight.cohorts.year')} required>
              <InputNumber min={2000} max={2100} precision={0} disabled={editing} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
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
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
