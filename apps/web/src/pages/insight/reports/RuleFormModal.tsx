import {
  api,
  type WarningRule,
  type WarningRuleInput,
  type WarningRuleKind,
  warningLevels,
  warningRuleInput,
  warningRuleKinds,
} from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { request } from '../../../api/request';
import { FormModal } from '../../../components/FormModal';
import { useModalForm } from '../../../components/useModalForm';
import { colorLabel, ruleKindLabel } from '../format';

interface Values {
  kind?: WarningRuleKind;
  level?: 'red' | 'yellow';
  /** Shown as a percentage for rates and drops, as a plain number for the supply/demand ratio. */
  threshold?: number | null;
  years?: number | null;
  enabled?: boolean;
  note?: string;
}
const fields = ['kind', 'level', 'threshold', 'years', 'enabled', 'note'] as const;

/** Rates and drops are fractions in the rule and percentages on screen. */
export const asPercent = (kind: WarningRuleKind | undefined) => kind !== 'supply_demand_above';
const toShown = (kind: WarningRuleKind, v: number) => (asPercent(kind) ? Math.round(v * 10000) / 100 : v);
const toRule = (kind: WarningRuleKind, v: number) => (asPercent(kind) ? Number((v / 100).toFixed(6)) : v);

/** The rule as the PUT body (the whole rule, with one change). */
export function ruleBody(r: WarningRule, patch: Partial<WarningRuleInput> = {}): WarningRuleInput {
  const params =
    r.kind === 'placement_below'
      ? { threshold: r.params.threshold, years: r.params.years ?? 1 }
      : { threshold: r.params.threshold };
  return { kind: r.kind, level: r.level, params, enabled: r.enabled, note: r.note, ...patch } as WarningRuleInput;
}

/** Adds (rule === null) or changes a 专业预警 rule; the threshold is checked against its kind by the contract. */
export function RuleFormModal({
  open,
  rule,
  onClose,
  onSaved,
}: {
  open: boolean;
  rule: WarningRule | null;
  onClose: () => void;
  onSaved: (r: WarningRule) => void;
}) {
  const editing = rule !== null;
  const { t, message, form, formError, setFormError, showServerError } = useModalForm<Values>(
    open,
    () =>
      rule
        ? {
            kind: rule.kind,
            level: rule.level,
            threshold: toShown(rule.kind, rule.params.threshold),
            years: rule.params.years ?? 1,
            enabled: rule.enabled,
            note: rule.note ?? '',
          }
        : { kind: 'placement_below', level: 'yellow', years: 1, enabled: true, note: '' },
    { deps: [rule] },
  );
  const kind = Form.useWatch('kind', form);

  const save = useMutation({
    mutationFn: (body: WarningRuleInput) =>
      rule
        ? request(api.updateWarningRule, { params: { id: rule.id }, body })
        : request(api.createWarningRule, { body }),
    onSuccess: (r) => {
      onSaved(r);
      message.success(t('insight.rules.saved', { rule: r.description }));
      onClose();
    },
    onError: (error) => showServerError(error, fields),
  });

  const submit = () => {
    setFormError(null);
    const v = form.getFieldsValue(true) as Values;
    const k = v.kind ?? 'placement_below';
    const threshold = typeof v.threshold === 'number' ? toRule(k, v.threshold) : undefined;
    const body = {
      kind: k,
      level: v.level,
      params: k === 'placement_below' ? { threshold, years: v.years ?? undefined } : { threshold },
      enabled: v.enabled ?? true,
      note: v.note?.trim() ? v.note.trim() : null,
    };
    const parsed = warningRuleInput.safeParse(body);
    if (parsed.success) {
      save.mutate(parsed.data);
      return;
    }
    // params.threshold and params.years go under their own fields.
    const byField = new Map<string, string[]>();
    const rest: string[] = [];
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] === 'params' ? (issue.path[1] ?? 'threshold') : (issue.path[0] ?? ''));
      const message =
        field === 'threshold' && issue.path[0] === 'params' && typeof v.threshold !== 'number'
          ? t('insight.rules.thresholdRequired')
          : issue.message;
      if ((fields as readonly string[]).includes(field)) byField.set(field, [...(byField.get(field) ?? []), message]);
      else rest.push(message);
    }
    form.setFields(fields.map((name) => ({ name, errors: byField.get(name) ?? [] })));
    if (rest.length) setFormError(rest.join('；'));
  };

  const percentInput = asPercent(kind);
  return (
    <FormModal<Values>
      open={open}
      title={editing ? t('insight.rules.editTitle') : t('insight.rules.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      pending={save.isPending}
      submitTestId="rf-submit"
      width={600}
      testId="rule-form-modal"
      form={form}
      formError={formError}
    >
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item name="kind" label={t('insight.rules.kind')} required>
            <Select
              options={warningRuleKinds.map((k) => ({ value: k, label: ruleKindLabel(k) }))}
              data-testid="rf-kind"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="level" label={t('insight.rules.level')} required>
            <Select options={warningLevels.map((l) => ({ value: l, label: colorLabel(l) }))} data-testid="rf-level" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item
            name="threshold"
            label={t('insight.rules.threshold')}
            required
            extra={t(`insight.rules.thresholdHint.${kind ?? 'placement_below'}`)}
          >
            <InputNumber
              min={0}
              max={100}
              step={percentInput ? 1 : 0.1}
              precision={2}
              suffix={percentInput ? '%' : undefined}
              style={{ width: '100%' }}
              data-testid="rf-threshold"
            />
          </Form.Item>
        </Col>
        {kind === 'placement_below' && (
          <Col xs={12} md={8}>
            <Form.Item name="years" label={t('insight.rules.years')} required extra={t('insight.rules.yearsHint')}>
              <InputNumber min={1} max={5} precision={0} style={{ width: '100%' }} data-testid="rf-years" />
            </Form.Item>
          </Col>
        )}
        <Col xs={12} md={8}>
          <Form.Item name="enabled" label={t('insight.rules.enabled')} valuePropName="checked">
            <Switch data-testid="rf-enabled" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="note" label={t('common.note')}>
            <Input maxLength={200} showCount />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
