import { PlusOutlined } from '@ant-design/icons';
import { api, type ConsortiumDetail, resolutionInput } from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { request } from '../../api/request';
import { isoDay } from '../../components/dates';
import { FormModal } from '../../components/FormModal';
import { useModalForm } from '../../components/useModalForm';
import { useConsortiumChanged } from './useConsortium';

type Resolution = ConsortiumDetail['resolutions'][number];

interface Values {
  meetingDate?: Dayjs | null;
  title?: string;
  attendees?: string[];
  body?: string;
}
const fields = ['meetingDate', 'title', 'attendees', 'body'] as const;

function ResolutionModal({
  consortium: c,
  open,
  onClose,
}: {
  consortium: ConsortiumDetail;
  open: boolean;
  onClose: () => void;
}) {
  const changed = useConsortiumChanged(c.id);
  const { t, message, form, formError, showServerError, check } = useModalForm<Values>(open, () => ({
    meetingDate: dayjs(),
    attendees: [],
  }));

  const add = useMutation({
    mutationFn: (body: z.output<typeof resolutionInput>) => request(api.addResolution, { params: { id: c.id }, body }),
    onSuccess: (r) => {
      changed();
      message.success(t('resolutions.added', { title: r.title }));
      onClose();
    },
    onError: (error) => {
      showServerError(error, fields);
    },
  });

  const submit = () => {
    const v = form.getFieldsValue(true) as Values;
    const data = check(
      resolutionInput,
      {
        meetingDate: isoDay(v.meetingDate) ?? '',
        title: v.title ?? '',
        attendees: (v.attendees ?? []).map((a) => a.trim()).filter(Boolean),
        body: v.body ?? '',
      },
      fields,
    );
    if (data) add.mutate(data);
  };

  return (
    <FormModal<Values>
      open={open}
      title={t('resolutions.add')}
      onClose={onClose}
      onSubmit={submit}
      pending={add.isPending}
      submitTestId="resolution-submit"
      width={680}
      testId="resolution-modal"
      enter="form"
      form={form}
      formError={formError}
    >
      <Form.Item name="meetingDate" label={t('resolutions.meetingDate')} required>
        <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="resolution-date" />
      </Form.Item>
      <Form.Item name="title" label={t('resolutions.title')} required>
        <Input maxLength={200} data-testid="resolution-title" />
      </Form.Item>
      <Form.Item name="attendees" label={t('resolutions.attendees')} required extra={t('resolutions.attendeesHint')}>
        <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ' ']} data-testid="resolution-attendees" />
      </Form.Item>
      <Form.Item name="body" label={t('resolutions.body')} required>
        <Input.TextArea maxLength={20_000} autoSize={{ minRows: 4, maxRows: 12 }} data-testid="resolution-body" />
      </Form.Item>
    </FormModal>
  );
}

/** 理事会决议: resolutions by meeting date, newest first, with their text. */
export function ResolutionsTab({ consortium: c }: { consortium: ConsortiumDetail }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const rows = [...c.resolutions].sort(
    (a, b) => b.meetingDate.localeCompare(a.meetingDate) || b.createdAt.localeCompare(a.createdAt),
  );
  const columns: ColumnsType<Resolution> = [
    { title: t('resolutions.meetingDate'), dataIndex: 'meetingDate', width: 120 },
    {
      title: t('resolutions.title'),
      dataIndex: 'title',
      render: (v: string) => <div style={{ minWidth: 180, maxWidth: 420, whiteSpace: 'normal' }}>{v}</div>,
    },
    {
      title: t('resolutions.attendees'),
      dataIndex: 'attendees',
      render: (names: string[]) => (
        <Space size={[4, 4]} wrap style={{ maxWidth: 360 }}>
          {names.map((n) => (
            <Tag key={n} style={{ marginInlineEnd: 0 }}>
              {n}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('consortia.tabs.resolutions')}
      extra={
        c.can.edit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="resolution-add">
            {t('resolutions.add')}
          </Button>
        )
      }
    >
      <Table<Resolution>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, simple: true } : false}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (r) => <div className="pre-wrap resolution-body">{r.body}</div>,
          expandRowByClick: true,
        }}
        locale={{ emptyText: t('resolutions.empty') }}
        data-testid="resolutions-table"
      />
      {c.can.edit && <ResolutionModal consortium={c} open={adding} onClose={() => setAdding(false)} />}
    </Card>
  );
}
