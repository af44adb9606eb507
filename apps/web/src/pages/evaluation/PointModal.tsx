import { type IndicatorPointInput, indicatorPointInput, pointKindLabels, pointKinds } from '@chanjiao/contracts';
import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { FormModal } from '../../components/FormModal';
import { useModalForm } from '../../components/useModalForm';

const fields = ['groupCode', 'groupName', 'pointCode', 'name', 'kind', 'weight', 'guidance'] as const;

/**
 * Adds or edits one observation point of a draft (kept on the page until 保存观测点): checked with
 * the contract's schema, and the point code must not be taken by another point.
 */
export function PointModal({
  open,
  point,
  taken,
  onClose,
  onDone,
}: {
  open: boolean;
  /** The point edited; null adds one. */
  point: IndicatorPointInput | null;
  /** Codes of the other points. */
  taken: readonly string[];
  onClose: () => void;
  onDone: (point: IndicatorPointInput) => void;
}) {
  const { t, form, formError, check } = useModalForm<IndicatorPointInput>(
    open,
    () => point ?? { kind: 'basic', weight: 0, guidance: '' },
    { deps: [point] },
  );
  const submit = () => {
    const values = form.getFieldsValue();
    const data = check(indicatorPointInput, values, fields);
    if (!data) return;
    if (taken.includes(data.pointCode)) {
      form.setFields([{ name: 'pointCode', errors: [t('evaluation.point.codeTaken')] }]);
      return;
    }
    onDone(data);
  };
  return (
    <FormModal<IndicatorPointInput>
      open={open}
      title={point ? t('evaluation.point.edit') : t('evaluation.point.add')}
      onClose={onClose}
      onSubmit={submit}
      form={form}
      formError={formError}
      okText={t('common.confirm')}
      width={640}
      testId="point-modal"
      submitTestId="point-modal-ok"
      enter="none"
    >
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="groupCode" label={t('evaluation.point.groupCode')} required>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          <Form.Item name="groupName" label={t('evaluation.point.groupName')} required>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="pointCode" label={t('evaluation.point.code')} required>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="kind" label={t('evaluation.point.kind')} required>
            <Select options={pointKinds.map((k) => ({ value: k, label: pointKindLabels[k] }))} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="weight" label={t('evaluation.point.weight')} required>
            <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} data-testid="point-weight" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="name" label={t('evaluation.point.name')} required>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Form.Item name="guidance" label={t('evaluation.point.guidance')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
      </Form.Item>
    </FormModal>
  );
}
