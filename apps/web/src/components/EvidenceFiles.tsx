import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatSize, formatTime } from './labels';
import { useShowError } from './useShowError';

/** The server's limit on an evidence file (the multipart plugin's fileSize). */
export const maxEvidenceBytes = 20 * 1024 * 1024;
export const evidenceAccept = '.pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg';

/** One attached file as the list shows it. */
export interface EvidenceFileRow {
  id: string;
  fileName: string;
  size: number;
  /** When it was uploaded. */
  at: string;
  uploadedBy?: string | null;
}

/**
 * 佐证材料 of a record (an evaluation point, a ledger report, a case, a policy item): each file
 * downloads; with `remove` each can be deleted after a confirmation.
 */
export function EvidenceFileList<F extends EvidenceFileRow>({
  files,
  download,
  remove,
  emptyText,
}: {
  files: readonly F[];
  download: (file: F) => Promise<unknown>;
  /** Deleting: the route call, the confirmation's question, the toast and what to refresh. */
  remove?: {
    run: (file: F) => Promise<unknown>;
    confirm: (name: string) => string;
    done: string;
    after: () => void;
  } | null;
  /** Shown instead of an empty list; nothing when absent. */
  emptyText?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState<string | null>(null);
  if (files.length === 0) return emptyText ? <Typography.Text type="secondary">{emptyText}</Typography.Text> : null;
  return (
    <Flex vertical gap={2} data-testid="evidence-list">
      {files.map((f) => (
        <Flex key={f.id} align="center" gap={4} wrap data-testid="evidence-item">
          <Button
            type="link"
            size="small"
            icon={<DownloadOutlined />}
            loading={busy === f.id}
            style={{ paddingInline: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
            onClick={() => {
              setBusy(f.id);
              download(f)
                .catch(showError)
                .finally(() => setBusy(null));
            }}
            data-testid="evidence-download"
          >
            {f.fileName}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatSize(f.size)} · {formatTime(f.at)}
            {f.uploadedBy ? ` · ${f.uploadedBy}` : ''}
          </Typography.Text>
          {remove ? (
            <Popconfirm
              title={remove.confirm(f.fileName)}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() =>
                remove
                  .run(f)
                  .then(() => {
                    message.success(remove.done);
                    remove.after();
                  })
                  .catch(showError)
              }
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
            </Popconfirm>
          ) : null}
        </Flex>
      ))}
    </Flex>
  );
}

/**
 * 上传佐证材料: picks one file, refuses one over the server's limit, and hands it to `send` (a
 * multipart route call that also refreshes what shows the file); the button spins meanwhile.
 */
export function EvidenceUploadButton({
  send,
  texts,
  testId,
}: {
  send: (file: File) => Promise<unknown>;
  texts: { upload: string; tooLarge: (name: string) => string; uploaded: (name: string) => string };
  /** On a wrapper: antd's Upload does not pass a test id on. */
  testId?: string;
}) {
  const { message } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  return (
    <span data-testid={testId}>
      <Upload
        accept={evidenceAccept}
        showUploadList={false}
        beforeUpload={(file) => {
          if (file.size > maxEvidenceBytes) {
            message.error(texts.tooLarge(file.name));
            return Upload.LIST_IGNORE;
          }
          setBusy(true);
          send(file)
            .then(() => message.success(texts.uploaded(file.name)))
            .catch(showError)
            .finally(() => setBusy(false));
          return false;
        }}
      >
        <Button size="small" icon={<UploadOutlined />} loading={busy} data-testid="evidence-upload">
          {texts.upload}
        </Button>
      </Upload>
    </span>
  );
}
