import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { api, type ImportJob, type ImportRowError, type RouteDescriptor } from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Grid, Modal, Progress, Result, Statistic, Table, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryKeyOf, useApiQuery } from '../../api/queries';
import { download } from '../../api/request';
import { useErrorText, useShowError } from '../useShowError';

/** The server's upload limit (the multipart plugin's fileSize). */
// The server accepts import files up to 256 MB (about a million rows).
const maxBytes = 256 * 1024 * 1024;
const accepted = /\.(xlsx|csv)$/i;

export interface ImportDialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  /** The template route (a download without parameters) and the name to save it under. */
  template: { descriptor: RouteDescriptor; fileName: string };
  /** Posts the file to the import route; resolves to the started job. */
  start: (file: File) => Promise<ImportJob>;
  /** Called once when a job finishes with every row imported (refetch the lists it changed). */
  onDone: () => void;
  /** A line under the title on what the sheet holds. */
  hint?: ReactNode;
  /** What identifies a row, so a second import updates it (default: 统一社会信用代码). */
  matchedBy?: string;
  /** Test id prefix of the modal and its controls. */
  testId?: string;
}

/**
 * 批量导入: pick an xlsx/CSV file (template offered), upload it, follow the job's progress, then
 * see what was added and updated, or every row error with the report to download and fix.
 */
export function ImportDialog({
  open,
  onClose,
  title,
  template,
  start,
  onDone,
  hint,
  matchedBy,
  testId = 'import',
}: ImportDialogProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();
  const showError = useShowError();
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [pickError, setPickError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<'template' | 'report' | null>(null);
  const finished = useRef(new Set<string>());

  // A fresh start each time the dialog opens; a job left running while it was closed keeps polling.
  useEffect(() => {
    if (!open) return;
    setJobId(null);
    setPickError(null);
  }, [open]);

  const send = useMutation({
    mutationFn: (file: File) => start(file),
    onSuccess: (job) => {
      queryClient.setQueryData(queryKeyOf(api.getImport, { params: { id: job.id } }), job);
      setJobId(job.id);
    },
    onError: (error) => setPickError(errorText(error)),
  });

  const poll = useApiQuery(
    api.getImport,
    { params: { id: jobId ?? '' } },
    {
      enabled: jobId !== null,
      refetchInterval: (q) => (q.state.data?.status === 'running' ? 500 : false),
    },
  );
  const job = jobId ? poll.data : undefined;

  useEffect(() => {
    if (job?.status === 'done' && !finished.current.has(job.id)) {
      finished.current.add(job.id);
      onDone();
    }
  }, [job, onDone]);

  const pick = (file: File) => {
    setPickError(null);
    if (!accepted.test(file.name)) setPickError(t('imports.wrongType'));
    else if (file.size > maxBytes) setPickError(t('imports.tooLarge'));
    else {
      setFileName(file.name);
      send.mutate(file);
    }
    // The upload is ours (multipart through the typed client), not antd's.
    return false;
  };

  const again = () => {
    setJobId(null);
    setPickError(null);
    send.reset();
  };

  const save = (what: 'template' | 'report') => {
    setDownloading(what);
    const done =
      what === 'template'
        ? download(template.descriptor, {}, template.fileName)
        : download(api.importReport, { params: { id: jobId! } }, `${t('imports.reportName')}.xlsx`);
    done.catch(showError).finally(() => setDownloading(null));
  };

  const valueText = (v: string | null) =>
    v ? (
      <Typography.Text className="mono" style={{ wordBreak: 'break-all' }}>
        {v}
      </Typography.Text>
    ) : (
      <Typography.Text type="secondary">{t('imports.empty')}</Typography.Text>
    );
  const errorColumns: ColumnsType<ImportRowError> = screens.sm
    ? [
        { title: t('imports.rowNumber'), dataIndex: 'rowNumber', width: 64 },
        { title: t('imports.column'), dataIndex: 'column', width: 150 },
        { title: t('imports.value'), dataIndex: 'value', width: 200, render: valueText },
        { title: t('imports.reason'), dataIndex: 'reason' },
      ]
    : // A phone: the column, value and reason stacked in one cell, so nothing scrolls sideways.
      [
        { title: t('imports.rowNumber'), dataIndex: 'rowNumber', width: 56 },
        {
          title: t('imports.reason'),
          key: 'detail',
          render: (_, e) => (
            <Flex vertical gap={2}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {e.column}：{valueText(e.value)}
              </Typography.Text>
              <span>{e.reason}</span>
            </Flex>
          ),
        },
      ];

  const phase: 'pick' | 'uploading' | 'running' | 'done' | 'failed' | 'error' | 'lost' = send.isPending
    ? 'uploading'
    : !jobId
      ? 'pick'
      : job
        ? job.status
        : poll.isError
          ? 'lost'
          : 'running';

  let body: ReactNode;
  if (phase === 'pick')
    body = (
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Text type="secondary">{hint ?? t('imports.hint')}</Typography.Text>
          <Button
            type="link"
            icon={<DownloadOutlined />}
            loading={downloading === 'template'}
            onClick={() => save('template')}
            style={{ paddingInline: 0 }}
            data-testid={`${testId}-template`}
          >
            {t('imports.template')}
          </Button>
        </Flex>
        {pickError && <Alert type="error" showIcon title={pickError} data-testid={`${testId}-pick-error`} />}
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          beforeUpload={pick}
          data-testid={`${testId}-file`}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('imports.drop')}</p>
          <p className="ant-upload-hint">{t('imports.dropHint')}</p>
        </Upload.Dragger>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('imports.allOrNothing')} {t('imports.matchedBy', { key: matchedBy ?? t('imports.creditCodeKey') })}
        </Typography.Text>
      </Flex>
    );
  else if (phase === 'uploading' || phase === 'running') {
    const total = job?.totalRows ?? 0;
    const processed = job?.processedRows ?? 0;
    body = (
      <Flex vertical gap={8} style={{ padding: '24px 0' }} data-testid={`${testId}-progress`}>
        <Typography.Text>
          {phase === 'uploading'
            ? t('imports.uploading', { name: fileName })
            : total > 0
              ? t('imports.checking', { name: fileName, processed, total })
              : t('imports.reading', { name: fileName })}
        </Typography.Text>
        <Progress
          percent={total > 0 ? Math.min(99, Math.floor((processed / total) * 100)) : 0}
          status="active"
          showInfo={total > 0}
        />
        {phase === 'running' && job?.message ? (
          // The server's phase: reading and checking, checking duplicates and the registry, writing.
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {job.message}
          </Typography.Text>
        ) : null}
      </Flex>
    );
  } else if (phase === 'done' && job)
    body = (
      <Result
        status="success"
        title={t('imports.done', { name: job.fileName })}
        subTitle={t('imports.doneRows', { count: job.totalRows })}
        style={{ paddingBlock: 24 }}
        data-testid={`${testId}-done`}
      >
        <Flex justify="space-around" wrap gap={16}>
          <Statistic title={t('imports.created')} value={job.created} />
          <Statistic title={t('imports.updated')} value={job.updated} />
          <Statistic title={t('imports.unchanged')} value={job.unchanged} />
        </Flex>
      </Result>
    );
  else if (phase === 'failed' && job)
    body = (
      <Flex vertical gap={12} data-testid={`${testId}-failed`}>
        <Alert
          type="error"
          showIcon
          title={t('imports.failed', { name: job.fileName, count: job.errorCount })}
          description={
            job.errorCount > job.errors.length
              ? t('imports.errorsTruncated', { shown: job.errors.length, count: job.errorCount })
              : t('imports.fixAndRetry')
          }
        />
        <Table<ImportRowError>
          rowKey={(e) => `${e.rowNumber}-${e.column}-${e.reason}`}
          size="small"
          columns={errorColumns}
          dataSource={job.errors}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
          scroll={screens.sm ? { x: 560 } : undefined}
          data-testid={`${testId}-errors`}
        />
      </Flex>
    );
  else
    body = (
      <Alert
        type="error"
        showIcon
        title={t('imports.error', { name: fileName })}
        description={job?.message ?? (poll.error ? errorText(poll.error) : null)}
        data-testid={`${testId}-error`}
      />
    );

  const closeButton = (
    <Button
      key="close"
      onClick={onClose}
      type={phase === 'done' ? 'primary' : 'default'}
      data-testid={`${testId}-close`}
    >
      {phase === 'done' ? t('imports.finish') : t('imports.close')}
    </Button>
  );
  const againButton = (
    <Button key="again" type={phase === 'done' ? 'default' : 'primary'} onClick={again} data-testid={`${testId}-again`}>
      {phase === 'done' ? t('imports.another') : t('imports.again')}
    </Button>
  );
  const footer =
    phase === 'failed'
      ? [
          job?.hasReport && (
            <Button
              key="report"
              icon={<DownloadOutlined />}
              loading={downloading === 'report'}
              onClick={() => save('report')}
              data-testid={`${testId}-report`}
            >
              {t('imports.downloadReport')}
            </Button>
          ),
          againButton,
          closeButton,
        ]
      : phase === 'done' || phase === 'error' || phase === 'lost'
        ? [againButton, closeButton]
        : [closeButton];

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      footer={
        <Flex justify="flex-end" wrap gap={8}>
          {footer}
        </Flex>
      }
      width={phase === 'failed' ? 820 : 560}
      data-testid={`${testId}-modal`}
    >
      {body}
    </Modal>
  );
}
