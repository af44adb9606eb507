import { DeleteOutlined, EditOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { api, type OrgDetail } from '@chanjiao/contracts';
import { Alert, Button, Card, Descriptions, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { request } from '../../api/request';
import { period } from '../../components/dates';
import { codeLabel, formatTime } from '../../components/labels';
import { useRecordName } from '../../components/layout/recordName';
import { PageContainer } from '../../components/PageContainer';
import { FullPageSpin } from '../../components/RequireAuth';
import { DeleteAction } from '../../components/RowActions';
import { useClusters, useIndustryNames } from '../../components/registry/refs';
import { useAction } from '../../components/useAction';
import { useErrorText } from '../../components/useShowError';
import { OrgFormModal } from './OrgFormModal';
import { CertificationModal, ContactModal, useOrgSaved } from './OrgItemModals';

type Cert = OrgDetail['certifications'][number];
type Contact = OrgDetail['contacts'][number];

/** One row per consortium the organization takes part in: membership, lead roles, council seats. */
interface Participation {
  consortiumId: string;
  consortiumName: string;
  memberRole: string | null;
  joinedOn: string | null;
  leftOn: string | null;
  leadKinds: string[];
  seats: OrgDetail['councilSeats'];
}

function participation(org: OrgDetail): Participation[] {
  const byId = new Map<string, Participation>();
  const get = (id: string, name: string) => {
    let p = byId.get(id);
    if (!p) {
      p = {
        consortiumId: id,
        consortiumName: name,
        memberRole: null,
        joinedOn: null,
        leftOn: null,
        leadKinds: [],
        seats: [],
      };
      byId.set(id, p);
    }
    return p;
  };
  for (const m of org.memberships) {
    const p = get(m.consortiumId, m.consortiumName);
    // A later membership (joined again after leaving) wins over an earlier one.
    if (!p.memberRole || (p.leftOn && !m.leftOn)) Object.assign(p, m);
  }
  for (const l of org.leadOf) get(l.consortiumId, l.consortiumName).leadKinds.push(l.leadKind);
  for (const s of org.councilSeats) get(s.consortiumId, s.consortiumName).seats.push(s);
  return [...byId.values()];
}

/** 单位详情: registry fields, certifications, contacts and the consortia it takes part in. */
export default function OrgDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const errorText = useErrorText();
  const saved = useOrgSaved();
  const query = useApiQuery(api.getOrg, { params: { id } });
  const org = query.data;
  useRecordName(location.pathname, org?.name);
  const clusters = useClusters();
  const industryNames = useIndustryNames(org?.industryCodes ?? []);
  const [editing, setEditing] = useState(false);
  const [addingCert, setAddingCert] = useState(false);
  const [addingContact, setAddingContact] = useState(false);

  const removeCert = useAction((itemId: string) => request(api.deleteCertification, { params: { id, itemId } }), {
    after: (o) => saved(o),
    done: () => t('orgs.deleted'),
  });
  const removeOrg = useAction(() => request(api.deleteOrg, { params: { id } }), {
    after: (o) => saved(o),
    done: (o) => t('orgs.deletedOrg', { name: o.name }),
  });
  const restoreOrg = useAction(() => request(api.restoreOrg, { params: { id } }), {
    after: (o) => saved(o),
    done: (o) => t('orgs.restored', { name: o.name }),
  });
  const removeContact = useAction((itemId: string) => request(api.deleteContact, { params: { id, itemId } }), {
    after: (o) => saved(o),
    done: () => t('orgs.deleted'),
  });

  if (query.isPending) return <FullPageSpin />;
  if (query.isError || !org)
    return (
      <PageContainer title={t('menu.orgDetail')}>
        <Alert type="error" showIcon title={errorText(query.error)} />
      </PageContainer>
    );

  // A deleted organization is read-only until it is restored.
  const canEdit = org.canEdit && !org.deletedAt;
  const canRestore = org.canEdit && !!org.deletedAt;
  const certColumns: ColumnsType<Cert> = [
    { title: t('orgs.certKind'), dataIndex: 'kind', render: (v: Cert['kind']) => codeLabel('certificationKind', v) },
    {
      title: t('orgs.certLevel'),
      dataIndex: 'level',
      render: (v: Cert['level']) => <Tag color="geekblue">{codeLabel('certificationLevel', v)}</Tag>,
    },
    { title: t('orgs.grantedOn'), dataIndex: 'grantedOn' },
    {
      title: t('orgs.expiresOn'),
      dataIndex: 'expiresOn',
      render: (v: string | null, c) => (
        <Space size={4}>
          {v ?? t('orgs.noExpiry')}
          {c.expired && <Tag color="red">{t('orgs.expired')}</Tag>}
        </Space>
      ),
    },
    { title: t('orgs.issuer'), dataIndex: 'issuer', render: (v: string | null) => v ?? '—' },
  ];
  if (canEdit)
    certColumns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, c) => (
        <DeleteAction
          confirm={t('orgs.certDeleteConfirm', { kind: codeLabel('certificationKind', c.kind) })}
          onConfirm={() => removeCert.mutateAsync(c.id)}
          testId={`cert-delete-${c.id}`}
        />
      ),
    });

  const contactColumns: ColumnsType<Contact> = [
    {
      title: t('orgs.contactName'),
      dataIndex: 'name',
      render: (v: string, c) => (
        <Space size={4}>
          {v}
          {c.isPrimary && <Tag color="blue">{t('orgs.primaryContact')}</Tag>}
        </Space>
      ),
    },
    { title: t('orgs.contactTitle'), dataIndex: 'title', render: (v: string | null) => v ?? '—' },
    {
      title: t('orgs.phone'),
      dataIndex: 'phone',
      render: (v: string | null) => (v ? <span className="mono">{v}</span> : '—'),
    },
    { title: t('orgs.email'), dataIndex: 'email', render: (v: string | null) => v ?? '—' },
  ];
  if (canEdit)
    contactColumns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, c) => (
        <DeleteAction
          confirm={t('orgs.contactDeleteConfirm', { name: c.name })}
          onConfirm={() => removeContact.mutateAsync(c.id)}
          testId={`contact-delete-${c.id}`}
        />
      ),
    });

  const partColumns: ColumnsType<Participation> = [
    {
      title: t('consortia.name'),
      dataIndex: 'consortiumName',
      render: (v: string, p) => (
        <div style={{ minWidth: 180, maxWidth: 320, whiteSpace: 'normal' }}>
          <Link to={`/consortia/${p.consortiumId}`}>{v}</Link>
        </div>
      ),
    },
    {
      title: t('members.role'),
      dataIndex: 'memberRole',
      render: (v: string | null, p) =>
        v ? (
          <Space size={4}>
            <Tag color={p.leftOn ? undefined : 'blue'}>{codeLabel('memberRole', v)}</Tag>
            {p.leftOn && <Tag color="default">{t('members.left')}</Tag>}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('members.period'),
      key: 'period',
      render: (_, p) => (p.memberRole ? period(p.joinedOn, p.leftOn, t('common.now')) : '—'),
    },
    {
      title: t('consortia.leadRole'),
      dataIndex: 'leadKinds',
      render: (kinds: string[]) =>
        kinds.length
          ? kinds.map((k) => (
              <Tag key={k} color="purple">
                {t('consortia.leadAs', { kind: codeLabel('leadKind', k) })}
              </Tag>
            ))
          : '—',
    },
    {
      title: t('council.title'),
      dataIndex: 'seats',
      render: (seats: Participation['seats']) =>
        seats.length ? (
          <Flex vertical gap={2}>
            {seats.map((s) => (
              <span key={`${s.seat}-${s.personName}-${s.termStart}`}>
                <Tag color={s.termEnd ? undefined : 'gold'}>{codeLabel('councilSeat', s.seat)}</Tag>
                {s.personName}
                <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
                  {period(s.termStart, s.termEnd, t('common.now'))}
                </Typography.Text>
              </span>
            ))}
          </Flex>
        ) : (
          '—'
        ),
    },
  ];

  const dash = (v: string | null | undefined) => v || '—';
  return (
    <PageContainer
      title={
        <Space size={8} wrap>
          {org.name}
          <Tag color="blue">{codeLabel('orgType', org.type)}</Tag>
          {org.deletedAt && (
            <Tag color="red" data-testid="org-deleted-tag">
              {t('orgs.deleted')}
            </Tag>
          )}
        </Space>
      }
      extra={
        canEdit ? (
          <>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="org-edit">
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('orgs.deleteConfirm', { name: org.name })}
              description={t('orgs.deleteConfirmHint')}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => removeOrg.mutateAsync().catch(() => undefined)}
            >
              <Button danger icon={<DeleteOutlined />} data-testid="org-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </>
        ) : canRestore ? (
          <Button
            icon={<UndoOutlined />}
            loading={restoreOrg.isPending}
            onClick={() => restoreOrg.mutate()}
            data-testid="org-restore"
          >
            {t('orgs.restore')}
          </Button>
        ) : null
      }
    >
      <Flex vertical gap={16} data-testid="org-detail">
        {org.deletedAt && (
          <Alert
            type="warning"
            showIcon
            title={t('orgs.deletedBanner', { time: formatTime(org.deletedAt) })}
            data-testid="org-deleted-banner"
          />
        )}
        <Card title={t('orgs.basicInfo')} size="small">
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, xl: 3 }}
            items={[
              { key: 'name', label: t('orgs.name'), children: org.name },
              { key: 'abbreviation', label: t('orgs.abbreviation'), children: dash(org.abbreviation) },
              {
                key: 'type',
                label: t('orgs.type'),
                children: org.schoolLevel
                  ? `${codeLabel('orgType', org.type)} · ${codeLabel('schoolLevel', org.schoolLevel)}`
                  : codeLabel('orgType', org.type),
              },
              {
                key: 'creditCode',
                label: t('orgs.creditCode'),
                children: org.creditCode ? <span className="mono">{org.creditCode}</span> : '—',
              },
              { key: 'district', label: t('orgs.district'), children: dash(org.districtName) },
              {
                key: 'aboveScale',
                label: t('orgs.aboveScale'),
                children: org.aboveScale ? t('orgs.aboveScaleYes') : t('orgs.aboveScaleNo'),
              },
              { key: 'address', label: t('orgs.address'), children: dash(org.address), span: 'filled' },
              {
                key: 'clusters',
                label: t('orgs.clusters'),
                span: 'filled',
                children: org.clusterCodes.length
                  ? org.clusterCodes.map((c) => <Tag key={c}>{clusters.names.get(c) ?? c}</Tag>)
                  : '—',
              },
              {
                key: 'industries',
                label: t('orgs.industries'),
                span: 'filled',
                children: org.industryCodes.length
                  ? org.industryCodes.map((c) => (
                      <Tag key={c}>{industryNames.get(c) ? `${c} ${industryNames.get(c)}` : c}</Tag>
                    ))
                  : '—',
              },
              {
                key: 'website',
                label: t('orgs.website'),
                children: org.website ? (
                  <Typography.Link href={org.website} target="_blank" rel="noreferrer">
                    {org.website}
                  </Typography.Link>
                ) : (
                  '—'
                ),
              },
              { key: 'updatedAt', label: t('common.updatedAt'), children: formatTime(org.updatedAt) },
            ]}
          />
        </Card>

        <Card
          title={t('orgs.certifications')}
          size="small"
          extra={
            canEdit && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setAddingCert(true)} data-testid="cert-add">
                {t('common.add')}
              </Button>
            )
          }
        >
          <Table<Cert>
            rowKey="id"
            size="small"
            columns={certColumns}
            dataSource={org.certifications}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('orgs.noCertifications') }}
            data-testid="org-certifications"
          />
        </Card>

        <Card
          title={t('orgs.contacts')}
          size="small"
          extra={
            canEdit && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => setAddingContact(true)}
                data-testid="contact-add"
              >
                {t('common.add')}
              </Button>
            )
          }
        >
          <Table<Contact>
            rowKey="id"
            size="small"
            columns={contactColumns}
            dataSource={org.contacts}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('orgs.noContacts') }}
            data-testid="org-contacts"
          />
        </Card>

        <Card title={t('orgs.participation')} size="small">
          <Table<Participation>
            rowKey="consortiumId"
            size="small"
            columns={partColumns}
            dataSource={participation(org)}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('orgs.noParticipation') }}
            data-testid="org-participation"
          />
        </Card>
      </Flex>
      {canEdit && (
        <>
          <OrgFormModal open={editing} org={org} onClose={() => setEditing(false)} />
          <CertificationModal org={org} open={addingCert} onClose={() => setAddingCert(false)} />
          <ContactModal org={org} open={addingContact} onClose={() => setAddingContact(false)} />
        </>
      )}
    </PageContainer>
  );
}
