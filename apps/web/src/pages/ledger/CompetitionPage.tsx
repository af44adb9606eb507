import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageContainer } from '../../components/PageContainer';
import { CasesView } from './CasesView';
import { RankingView } from './RankingView';
import './ledger.css';

type Tab = 'cases' | 'ranking';

/** 赛马比拼: the quarterly best-practice cases and the annual ranking of consortia. */
export default function CompetitionPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const tab: Tab = sp.get('tab') === 'ranking' ? 'ranking' : 'cases';
  return (
    <PageContainer title={t('ledger.menu.competition')}>
      <Typography.Paragraph type="secondary">{t('ledger.competition.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          const year = sp.get('year');
          setSp(new URLSearchParams({ tab: k, ...(year ? { year } : {}) }));
        }}
        items={[
          { key: 'cases', label: t('ledger.tabs.cases'), children: tab === 'cases' ? <CasesView /> : null },
          { key: 'ranking', label: t('ledger.tabs.ranking'), children: tab === 'ranking' ? <RankingView /> : null },
        ]}
      />
    </PageContainer>
  );
}
