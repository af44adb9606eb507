import {
  api,
  type CohortInput,
  type CohortItem,
  type CohortPatch,
  cohortInput,
  cohortPatch,
  cohortSumProblem,
  destinations,
} from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Alert, Col, Form, InputNumber, Row } from 'antd';
import { request } from '../../../api/request';
import { FormModal } from '../../../components/FormModal';
import { useModalForm } from '../../../components/useModalForm';
import { destinationLabel, percent, thisYear } from '../format';
import { type SupplyFormProps, SupplyKeyFields, supplyNamed } from './SupplyTab';

type Counts = Record<'graduates' | (typeof destinations)[number], number | null | undefined>;
interface Values extends Partial<Counts> {
  majorCode?: string | null;
  year?: number | null;
}

const countFields = ['graduates', ...destinations] as const;
const fields = ['majorCode', 'year', ...countFields] as const;

/**
 * Registers (upserts by major × year) or edits a cohort; the five destinations must add up to the
 * graduates, shown live under the form and checked with the contract's rule before sending.
 */
export function CohortFormModal({ open, item: cohort, known, onClose, onSaved }: SupplyFormProps<CohortItem>) {
  const editing = cohort !== null;
  const { t, message, form, formError, showServerError, check } = useModalForm<Values>(
    open,
    () =>
      cohort
        ? {
            majorCode: cohort.majorCode,
            year: cohort.year,
            graduates: cohort.graduates,
            employed: cohort.employed,
            furtherStudy: cohort.furtherStudy,
            military: cohort.military,
            startup: cohort.startup,
            unplaced: cohort.unplaced,
          }
        : { year: thisYear(), employed: 0, furtherStudy: 0, military: 0, startup: 0, unplaced: 0 },
    { deps: [cohort] },
  );
  const values = Form.useWatch([], form) as Values | undefined;
  const n = (v: number | null | undefined) => (typeof v === 'number' ? v : 0);
  const live = {
    graduates: n(values?.graduates),
    employed: n(values?.employed),
    furtherStudy: n(values?.furtherStudy),
    military: n(values?.military),
    startup: n(values?.startup),
    unplaced: n(values?.unplaced),
  };
  const sum = live.employed + live.furtherStudy + live.military + live.startup + live.unplaced;
  const liveProblem = values?.graduates == null ? null : cohortSumProblem(live);

  const save = useMutation({
    mutationFn: (body: CohortInput | CohortPatch) =>
      cohort
        ? request(api.updateCohort, { params: { id: cohort.id }, body: body as CohortPatch })
        : request(api.upsertCohort, { body: body as CohortInput }),
    onSuccess: (c) => {
      onSaved();
      message.success(t('insight.cohorts.saved', supplyNamed(c)));
      onClose();
    },
    onError: (error) => showServerError(error, fields, true),
  });

  const submit = () => {
    const v = form.getFieldsValue(true) as Values;
    const counts = Object.fromEntries(countFields.map((k) => [k, v[k] ?? undefined]));
    if (editing) {
      const data = check(cohortPatch, counts, fields);
      if (!data) return;
      const problem = cohortSumProblem({ ...cohort, ...data });
      if (problem) {
        form.setFields([{ name: 'graduates', errors: [problem] }]);
        return;
      }
      save.mutate(data);
    } else {
      const data = check(cohortInput, { majorCode: v.majorCode ?? '', year: v.year ?? undefined, ...counts }, fields);
      if (data) save.mutate(data);
    }
  };

  const number = (name: (typeof countFields)[number], label: string) => (
    <Col xs={12} md={8} key={name}>
      <Form.Item name={name} label={label} required>
        <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} data-testid={`cf-${name}`} />
      </Form.Item>
    </Col>
  );

  return (
    <FormModal<Values>
      open={open}
      title={editing ? t('insight.cohorts.editTitle', supplyNamed(cohort)) : t('insight.cohorts.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      pending={save.isPending}
      form={form}
      formError={formError}
      width={640}
      testId="cohort-form-modal"
      submitTestId="cf-submit"
    >
      <Row gutter={16}>
        <SupplyKeyFields
          kind="cohorts"
          editing={editing}
          known={known}
          testIds={{ major: 'cf-major', year: 'cf-year' }}
        />
        {number('graduates', t('insight.cohorts.graduates'))}
        {destinations.map((d) => number(d, destinationLabel(d)))}
      </Row>
      <Alert
        type={liveProblem ? 'warning' : 'success'}
        showIcon
        title={
          liveProblem ??
          t('insight.cohorts.sumOk', {
            sum,
            rate: percent(live.graduates > 0 ? (live.graduates - live.unplaced) / live.graduates : null),
          })
        }
        data-testid="cf-sum"
      />
    </FormModal>
  );
}
