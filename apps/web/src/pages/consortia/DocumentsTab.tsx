import { DownloadOutlined, FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import { api, type ConsortiumDetail, documentKinds } from '@chanjiao/contracts';
import { Button, Card, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from '../../api/request';
import { codeLabel, formatSize, formatTime } from '../../components/labels';
import { useShowError } from '../../components/useShowError';
import { UploadDocumentModal, type UploadPreset } from './UploadDocumentModal';

type Doc = ConsortiumDetail['documents'][number];
interface DocGroup {
  kind: Doc['kind'];
  title: string;
  versions: Doc[];
}

/** One group per document (kind + title), newest version first; charters before rules. */
function groupDocuments(docs: readonly Doc[]): DocGroup[] {
  const groups = new Map<string, DocGroup>();
  for (const d of docs) {
    const key = `${d.kind}\u0000${d.title}`;
    const g = groups.get(key) ?? { kind: d.kind, title: d.title, versions: [] };
    g.versions.push(d);
    groups.set(key, g);
  }
  for (const g of groups.values()) g.versions.sort((a, b) => b.version - a.version);
  return [...groups.values()].sort(
    (a, b) => documentKinds.indexOf(a.kind) - documentKinds.indexOf(b.kind) || a.title.localeCompare(b.title, 'zh'),
  );
}

function DownloadLink({ doc }: { doc: Doc }) {
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      type="link"
      size="small"
      icon={<DownloadOutlined />}
      loading={busy}
      style={{ paddingInline: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
      onClick={() => {
        setBusy(true);
        download(api.downloadFile, { params: { id: doc.fileId } }, doc.fileName)
          .catch(showError)
          .finally(() => setBusy(false));
      }}
      data-testid={`doc-download-v${doc.version}`}
    >
      {doc.fileName}
    </Button>
  );
}

/** 章程与制度: every document with its version history; the secretariat uploads new versions. */
export function DocumentsTab({ consortium: c }: { consortium: ConsortiumDetail }) {
  const { t } = useTranslation();
  const [preset, setPreset] = useState<UploadPreset | null>(null);
  const groups = groupDocuments(c.documents);

  const columns: ColumnsType<Doc> = [
    {
      title: t('documents.version'),
      dataIndex: 'version',
      render: (v: number, d) => (
        <Space size={4}>
          <Typography.Text strong>v{v}</Typography.Text>
          {d === groups.find((g) => g.versions.includes(d))?.versions[0] && (
            <Tag color="green">{t('documents.latest')}</Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('documents.file'),
      dataIndex: 'fileName',
      render: (_, d) => (
        <div style={{ minWidth: 160, maxWidth: 320 }}>
          <DownloadLink doc={d} />
        </div>
      ),
    },
    { title: t('documents.size'), dataIndex: 'size', render: (v: number) => formatSize(v) },
    { title: t('documents.effectiveOn'), dataIndex: 'effectiveOn', render: (v: string | null) => v ?? '—' },
    {
      title: t('common.note'),
      dataIndex: 'note',
      render: (v: string | null) => <div style={{ maxWidth: 280, whiteSpace: 'normal' }}>{v ?? '—'}</div>,
    },
    { title: t('documents.uploadedAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
  ];

  return (
    <Flex vertical gap={16}>
      {c.can.edit && (
        <Flex justify="flex-end">
          <Button type="primary" icon={<UploadOutlined />} onClick={() => setPreset({})} data-testid="doc-upload">
            {t('documents.upload')}
          </Button>
        </Flex>
      )}
      {groups.length === 0 && (
        <Card size="small">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('documents.empty')} />
        </Card>
      )}
      {groups.map((g) => (
        <Card
          key={`${g.kind}-${g.title}`}
          size="small"
          title={
            <Space size={8} wrap>
              <FileTextOutlined />
              <Tag color={g.kind === 'charter' ? 'volcano' : 'cyan'}>{codeLabel('documentKind', g.kind)}</Tag>
              <span style={{ whiteSpace: 'normal' }}>{g.title}</span>
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                {t('documents.versionCount', { count: g.versions.length })}
              </Typography.Text>
            </Space>
          }
          extra={
            c.can.edit && (
              <Button
                size="small"
                icon={<UploadOutlined />}
                onClick={() => setPreset({ kind: g.kind, title: g.title })}
                data-testid="doc-upload-version"
              >
                {t('documents.newVersion')}
              </Button>
            )
          }
          data-testid="doc-group"
        >
          <Table<Doc>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={g.versions}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
        </Card>
      ))}
      {c.can.edit && (
        <UploadDocumentModal
          consortium={c}
          preset={preset}
          titles={groups.map((g) => ({ kind: g.kind, title: g.title }))}
          onClose={() => setPreset(null)}
        />
      )}
    </Flex>
  );
}
