import {
  api,
  type CreateStudentBody,
  createStudentBody,
  type StudentItem,
  type UpdateStudentBody,
  updateStudentBody,
} from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Col, DatePicker, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { request } from '../../../api/request';
import { FormModal } from '../../../components/FormModal';
import { clearErrorsOnChange } from '../../../components/formErrors';
import { useDistrictOptions } from '../../../components/registry/refs';
import { TagsInput } from '../../../components/TagsInput';
import { useModalForm } from '../../../components/useModalForm';
import { intentOptions, levelOptions } from '../format';
import { type MajorOption, MajorSelect } from '../MajorSelect';

interface Values {
  name?: string;
  idCard?: string;
  level?: string;
  majorCode?: string | null;
  grade?: number | null;
  expectedGraduation?: Dayjs | null;
  districtCode?: string | null;
  preferredDistricts?: string[];
  skills?: string[];
  certificates?: string[];
  intent?: string;
  internshipAvailable?: boolean;
  consent?: boolean;
}

const fields = [
  'name',
  'idCard',
  'level',
  'majorCode',
  'grade',
  'expectedGraduation',
  'districtCode',
  'preferredDistricts',
  'skills',
  'certificates',
  'intent',
  'internshipAvailable',
  'consent',
] as const;

/** Registers a student of the school (student === null) or edits one; checked with the contract's schema. */
export function StudentFormModal({
  open,
  student,
  known,
  onClose,
  onSaved,
}: {
  open: boolean;
  student: StudentItem | null;
  known: readonly MajorOption[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const editing = student !== null;
  const { t, message, form, formError, showServerError, check } = useModalForm<Values>(
    open,
    () =>
      student
        ? {
            name: student.name,
            idCard: '',
            level: student.level,
            majorCode: student.majorCode,
            grade: student.grade,
            expectedGraduation: student.expectedGraduation ? dayjs(`${student.expectedGraduation}-01`) : null,
            districtCode: student.districtCode,
            preferredDistricts: student.preferredDistricts,
            skills: student.skills,
            certificates: student.certificates,
            intent: student.intent,
            internshipAvailable: student.internshipAvailable,
            consent: student.consent,
          }
        : { preferredDistricts: [], skills: [], certificates: [], intent: 'employment', consent: false },
    { deps: [student] },
  );
  const districts = useDistrictOptions();

  const save = useMutation({
    mutationFn: (body: CreateStudentBody | UpdateStudentBody) =>
      student
        ? request(api.updateStudent, { params: { id: student.id }, body: body as UpdateStudentBody })
        : request(api.createStudent, { body: body as CreateStudentBody }),
    onSuccess: (s) => {
      onSaved();
      message.success(
        editing ? t('insight.students.updated', { name: s.name }) : t('insight.students.created', { name: s.name }),
      );
      onClose();
    },
    onError: (error) => showServerError(error, fields, true),
  });

  const submit = () => {
    const v = form.getFieldsValue(true) as Values;
    const body: Record<string, unknown> = {
      name: v.name ?? '',
      level: v.level,
      majorCode: v.majorCode ?? '',
      grade: v.grade ?? undefined,
      expectedGraduation: v.expectedGraduation ? v.expectedGraduation.format('YYYY-MM') : null,
      districtCode: v.districtCode ?? undefined,
      preferredDistricts: v.preferredDistricts ?? [],
      skills: v.skills ?? [],
      certificates: v.certificates ?? [],
      intent: v.intent,
      internshipAvailable: v.internshipAvailable ?? false,
      consent: v.consent ?? false,
    };
    // Editing: an empty 身份证号 keeps the registered one.
    if (!editing || v.idCard?.trim()) body.idCard = v.idCard ?? '';
    const data = check(editing ? updateStudentBody : createStudentBody, body, fields);
    if (data) save.mutate(data);
  };

  /** A chosen entry year suggests the usual graduation month (three years on, June). */
  const onValuesChange = (changed: Partial<Values>) => {
    clearErrorsOnChange(form)(changed);
    if (changed.grade && !form.getFieldValue('expectedGraduation'))
      form.setFieldValue('expectedGraduation', dayjs(`${changed.grade + 3}-06-01`));
  };

  return (
    <FormModal<Values>
      open={open}
      title={editing ? t('insight.students.editTitle', { name: student.name }) : t('insight.students.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      pending={save.isPending}
      form={form}
      formError={formError}
      width={760}
      testId="student-form-modal"
      submitTestId="sf-submit"
      onValuesChange={onValuesChange}
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="name" label={t('insight.students.name')} required>
            <Input maxLength={50} data-testid="sf-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item
            name="idCard"
            label={t('insight.students.idCard')}
            required={!editing}
            extra={editing ? t('insight.students.idCardKeep', { masked: student.idCard ?? '' }) : undefined}
          >
            <Input maxLength={20} className="mono" autoComplete="off" data-testid="sf-idCard" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="level" label={t('insight.students.level')} required>
            <Select options={levelOptions()} data-testid="sf-level" />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="majorCode" label={t('insight.students.major')} required>
            <MajorSelect known={known} testId="sf-major" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="grade" label={t('insight.students.grade')} required>
            <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid="sf-grade" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="expectedGraduation" label={t('insight.students.expectedGraduation')}>
            <DatePicker picker="month" style={{ width: '100%' }} inputReadOnly data-testid="sf-graduation" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="districtCode"
            label={t('insight.students.district')}
            extra={t('insight.students.districtHint')}
          >
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={districts} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="skills" label={t('insight.students.skillsOnly')}>
            <TagsInput data-testid="sf-skills" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="certificates" label={t('insight.students.certificates')}>
            <TagsInput />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="preferredDistricts" label={t('insight.students.preferredDistricts')}>
            <Select mode="multiple" maxCount={3} optionFilterProp="label" options={districts} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="intent" label={t('insight.students.intent')}>
            <Select options={intentOptions()} />
          </Form.Item>
        </Col>
        <Col xs={12} md={12}>
          <Form.Item name="internshipAvailable" label={t('insight.students.internship')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={12} md={12}>
          <Form.Item name="consent" label={t('insight.students.consent')} valuePropName="checked">
            <Switch data-testid="sf-consent" />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('insight.students.consentHint')}
      </Typography.Text>
    </FormModal>
  );
}
