import { InboxOutlined } from '@ant-design/icons';
import { api, type ConsortiumDetail, documentKinds } from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { AutoComplete, Col, DatePicker, Form, Input, Row, Select, Upload, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import type { z } from 'zod';
import { upload } from '../../api/request';
import { isoDay } from '../../components/dates';
import { FormModal } from '../../components/FormModal';
import { codeOptions } from '../../components/labels';
import { useModalForm } from '../../components/useModalForm';
import { useConsortiumChanged } from './useConsortium';

type Kind = (typeof documentKinds)[number];
export type UploadPreset = { kind?: Kind; title?: string };

interface Values {
  kind?: Kind;
  title?: string;
  effectiveOn?: Dayjs | null;
  note?: string;
  file?: UploadFile[];
}
const fields = ['kind', 'title', 'effectiveOn', 'note', 'file'] as const;
const uploadBody = api.uploadDocument.body!;
/** The server's limit (the multipart plugin's fileSize). */
const maxBytes = 20 * 1024 * 1024;

/** 上传新版本: a document with the same kind and title becomes its next version. */
export function UploadDocumentModal({
  consortium: c,
  preset,
  titles,
  onClose,
}: {
  consortium: ConsortiumDetail;
  /** Open when not null; kind and title filled in for a new version of an existing document. */
  preset: UploadPreset | null;
  titles: { kind: Kind; title: string }[];
  onClose: () => void;
}) {
  const changed = useConsortiumChanged(c.id);
  const { t, message, form, formError, showServerError, check } = useModalForm<Values>(preset, () => ({
    kind: preset?.kind ?? 'charter',
    title: preset?.title ?? '',
    file: [],
  }));
  const kind = Form.useWatch('kind', form);

  const send = useMutation({
    mutationFn: ({ body, file }: { body: z.output<typeof uploadBody>; file: File }) =>
      upload(api.uploadDocument, { params: { id: c.id }, body, file, fileName: file.name }),
    onSuccess: (d) => {
      changed();
      message.success(t('documents.uploaded', { title: d.title, version: d.version }));
      onClose();
    },
    onError: (error) => {
      showServerError(error, fields);
    },
  });

  const submit = () => {
    const v = form.getFieldsValue(true) as Values;
    const data = check(
      uploadBody,
      {
        kind: v.kind,
        title: v.title ?? '',
        ...(v.effectiveOn ? { effectiveOn: isoDay(v.effectiveOn) } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      },
      fields,
    );
    const file = v.file?.[0]?.originFileObj;
    if (!file) form.setFields([{ name: 'file', errors: [t('documents.fileRequired')] }]);
    else if (file.size > maxBytes) form.setFields([{ name: 'file', errors: [t('documents.fileTooLarge')] }]);
    if (data && file && file.size <= maxBytes) send.mutate({ body: data, file });
  };

  return (
    <FormModal<Values>
      open={preset !== null}
      title={preset?.title ? t('documents.newVersionOf', { title: preset.title }) : t('documents.upload')}
      onClose={onClose}
      onSubmit={submit}
      okText={t('documents.uploadSubmit')}
      pending={send.isPending}
      submitTestId="doc-submit"
      width={640}
      testId="doc-modal"
      enter="form"
      form={form}
      formError={formError}
    >
      <Row gutter={16}>
        <Col xs={24} sm={8}>
          <Form.Item name="kind" label={t('documents.kind')} required>
            <Select options={codeOptions('documentKind', documentKinds)} data-testid="doc-kind" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          <Form.Item name="title" label={t('documents.title')} required extra={t('documents.titleHint')}>
            <AutoComplete
              options={titles.filter((x) => x.kind === kind).map((x) => ({ value: x.title }))}
              maxLength={100}
              data-testid="doc-title"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="effectiveOn" label={t('documents.effectiveOn')}>
            <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="doc-effectiveOn" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          <Form.Item name="note" label={t('common.note')}>
            <Input maxLength={500} data-testid="doc-note" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="file"
        label={t('documents.file')}
        required
        valuePropName="fileList"
        getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
      >
        <Upload.Dragger beforeUpload={() => false} maxCount={1} accept=".pdf,.doc,.docx" data-testid="doc-file">
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('documents.fileDrop')}</p>
          <p className="ant-upload-hint">{t('documents.fileHint')}</p>
        </Upload.Dragger>
      </Form.Item>
    </FormModal>
  );
}
