import { PlusOutlined } from '@ant-design/icons';
import { api, type ConsortiumDetail, memberRoles, orgTypes } from '@chanjiao/contracts';
import { Button, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { download, type ResponseOf, upload } from '../../api/request';
import { ExportButton } from '../../components/ExportButton';
import { ImportButton } from '../../components/imports/ImportButton';
import { codeLabel, codeOptions } from '../../components/labels';
import { PagedTable } from '../../components/paged/PagedTable';
import { exportQuery } from '../../components/paged/usePagedQuery';
import { AddMemberModal, LeaveModal } from './MemberModals';
import { useConsortiumChanged } from './useConsortium';

export type Member = ResponseOf<typeof api.listMembers>['items'][number];

/** 成员单位: the server-paged member list (active by default), add, leave, export, bulk import. */
export function MembersTab({ consortium: c }: { consortium: ConsortiumDetail }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [leaving, setLeaving] = useState<Member | null>(null);
  const changed = useConsortiumChanged(c.id);

  const columns: ColumnsType<Member> = [
    {
      title: t('orgs.name'),
      dataIndex: 'orgName',
      render: (v: string, m) => (
        <div style={{ minWidth: 180, maxWidth: 320, whiteSpace: 'normal' }}>
          <Link to={`/orgs/${m.orgId}`}>{v}</Link>
        </div>
      ),
    },
    {
      title: t('orgs.type'),
      dataIndex: 'orgType',
      render: (v: Member['orgType']) => <Tag color="blue">{codeLabel('orgType', v)}</Tag>,
    },
    {
      title: t('members.role'),
      dataIndex: 'memberRole',
      render: (v: Member['memberRole']) => (
        <Tag color={v === 'council_unit' ? 'gold' : undefined}>{codeLabel('memberRole', v)}</Tag>
      ),
    },
    {
      title: t('orgs.creditCode'),
      dataIndex: 'creditCode',
      render: (v: string | null) => (v ? <span className="mono">{v}</span> : '—'),
    },
    { title: t('orgs.district'), dataIndex: 'districtName', render: (v: string | null) => v ?? '—' },
    { title: t('members.joinedOn'), dataIndex: 'joinedOn', render: (v: string | null) => v ?? '—' },
    {
      title: t('members.leftOn'),
      dataIndex: 'leftOn',
      render: (v: string | null, m) =>
        v ? (
          <Space orientation="vertical" size={0}>
            <span>
              {v} <Tag>{t('members.left')}</Tag>
            </span>
            {m.leftReason && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {m.leftReason}
              </Typography.Text>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
  ];
  if (c.can.edit)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, m) =>
        m.leftOn ? null : (
          <Button type="link" size="small" danger onClick={() => setLeaving(m)} data-testid={`member-leave-${m.id}`}>
            {t('members.leave')}
          </Button>
        ),
    });

  return (
    <>
      <PagedTable
        descriptor={api.listMembers}
        params={{ id: c.id }}
        rowKey="id"
        columns={columns}
        searchPlaceholder={t('members.search')}
        filters={[
          {
            kind: 'select',
            key: 'include',
            placeholder: t('members.includes.active'),
            options: (['active', 'all', 'left'] as const).map((v) => ({ value: v, label: t(`members.includes.${v}`) })),
            width: 130,
          },
          {
            kind: 'select',
            key: 'memberRole',
            placeholder: t('members.role'),
            options: codeOptions('memberRole', memberRoles),
            width: 130,
          },
          {
            kind: 'select',
            key: 'type',
            placeholder: t('members.orgType'),
            options: codeOptions('orgType', orgTypes),
            width: 130,
          },
        ]}
        emptyText={t('members.empty')}
        actions={(state) => (
          <>
            <ExportButton
              run={() =>
                download(
                  api.exportMembers,
                  { params: { id: c.id }, query: exportQuery(state) },
                  `${c.name}-${t('consortia.tabs.members')}.xlsx`,
                )
              }
              testId="members-export"
            />
            {c.can.edit && (
              <>
                <ImportButton
                  label={t('imports.open')}
                  title={t('members.importTitle', { name: c.name })}
                  hint={t('members.importHint')}
                  template={{ descriptor: api.memberImportTemplate, fileName: `${t('members.importTemplate')}.xlsx` }}
                  start={(file) =>
                    upload(api.importMembers, { params: { id: c.id }, body: {}, file, fileName: file.name })
                  }
                  onDone={() => changed()}
                  testId="member-import"
                />
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="member-add">
                  {t('members.add')}
                </Button>
              </>
            )}
          </>
        )}
        testId="members-table"
      />
      {c.can.edit && (
        <>
          <AddMemberModal consortium={c} open={adding} onClose={() => setAdding(false)} />
          <LeaveModal consortium={c} member={leaving} onClose={() => setLeaving(null)} />
        </>
      )}
    </>
  );
}
