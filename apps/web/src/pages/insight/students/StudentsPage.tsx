import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageContainer } from '../../../components/PageContainer';
import { CohortsTab } from './CohortsTab';
import { PlansTab } from './PlansTab';
import { StudentsTab } from './StudentsTab';

const tabKeys = ['students', 'cohorts', 'plans'] as const;
type TabKey = (typeof tabKeys)[number];

/**
 * 学生档案: the school's student profiles, its graduate destinations (毕业生去向) and enrollment
 * plans (招生计划), one tab each; the tab is in the URL (`?tab=cohorts`) and switching it starts
 * that list afresh (its own search and filters).
 */
export default function StudentsPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const raw = sp.get('tab');
  const tab: TabKey = tabKeys.includes(raw as TabKey) ? (raw as TabKey) : 'students';
  const content: Record<TabKey, React.ReactNode> = {
    students: <StudentsTab />,
    cohorts: <CohortsTab />,
    plans: <PlansTab />,
  };
  return (
    <PageContainer title={t('insight.menu.students')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setSp(k === 'students' ? {} : { tab: k }, { replace: false })}
        items={tabKeys.map((k) => ({ key: k, label: t(`insight.students.tabs.${k}`), children: content[k] }))}
        destroyOnHidden
        data-testid="students-tabs"
      />
    </PageContainer>
  );
}
