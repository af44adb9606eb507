import { EditOutlined } from '@ant-design/icons';
import { api } from '@chanjiao/contracts';
import { Alert, Button, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams, useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { codeLabel } from '../../components/labels';
import { useRecordName } from '../../components/layout/recordName';
import { PageContainer } from '../../components/PageContainer';
import { FullPageSpin } from '../../components/RequireAuth';
import { useErrorText } from '../../components/useShowError';
import { ConsortiumFormModal } from './ConsortiumFormModal';
import { CouncilTab } from './CouncilTab';
import { DocumentsTab } from './DocumentsTab';
import { MembersTab } from './MembersTab';
import { OverviewTab } from './OverviewTab';
import { ResolutionsTab } from './ResolutionsTab';
import { StatusTag } from './StatusTag';

const tabKeys = ['overview', 'members', 'council', 'documents', 'resolutions'] as const;
type TabKey = (typeof tabKeys)[number];

/** 联合体详情: overview with the status history, members, council, charter documents, resolutions. */
export default function ConsortiumDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const errorText = useErrorText();
  const [sp, setSp] = useSearchParams();
  const query = useApiQuery(api.getConsortium, { params: { id } });
  const c = query.data;
  useRecordName(location.pathname, c?.name);
  const [editing, setEditing] = useState(false);
  const raw = sp.get('tab');
  const tab: TabKey = tabKeys.includes(raw as TabKey) ? (raw as TabKey) : 'overview';

  if (query.isPending) return <FullPageSpin />;
  if (query.isError || !c)
    return (
      <PageContainer title={t('menu.consortiumDetail')}>
        <Alert type="error" showIcon title={errorText(query.error)} />
      </PageContainer>
    );

  const content: Record<TabKey, React.ReactNode> = {
    overview: <OverviewTab consortium={c} />,
    members: <MembersTab consortium={c} />,
    council: <CouncilTab consortium={c} />,
    documents: <DocumentsTab consortium={c} />,
    resolutions: <ResolutionsTab consortium={c} />,
  };
  const counts: Partial<Record<TabKey, number>> = {
    members: c.memberCount,
    council: c.council.filter((s) => s.current).length,
    resolutions: c.resolutions.length,
  };

  return (
    <PageContainer
      title={
        <Space size={8} wrap>
          {c.name}
          <Tag color="geekblue">{codeLabel('consortiumLevel', c.level)}</Tag>
          <StatusTag status={c.status} />
        </Space>
      }
      extra={
        c.can.edit && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="consortium-edit">
            {t('common.edit')}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setSp(k === 'overview' ? {} : { tab: k }, { replace: false })}
        items={tabKeys.map((k) => ({
          key: k,
          label: counts[k] !== undefined ? `${t(`consortia.tabs.${k}`)} (${counts[k]})` : t(`consortia.tabs.${k}`),
          children: content[k],
        }))}
        destroyOnHidden
        data-testid="consortium-tabs"
      />
      {c.can.edit && <ConsortiumFormModal open={editing} consortium={c} onClose={() => setEditing(false)} />}
    </PageContainer>
  );
}
