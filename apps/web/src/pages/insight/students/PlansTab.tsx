import { api, type PlanItem, type PlanListResponse } from '@chanjiao/contracts';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { count, percent } from '../format';
import { PlanFormModal } from './PlanFormModal';
import { SupplyTab } from './SupplyTab';

/** 招生计划: planned and actual enrolment of each major and year; the school edits its own. */
export function PlansTab() {
  const { t } = useTranslation();
  return (
    <SupplyTab<PlanItem, PlanListResponse>
      kind="plans"
      routes={{
        list: api.listPlans,
        remove: api.deletePlan,
        export: api.exportPlans,
        template: api.planImportTemplate,
        import: api.importPlans,
      }}
      figures={[
        { title: t('insight.plans.planned'), dataIndex: 'planned', align: 'right', render: (v: number) => count(v) },
        {
          title: t('insight.plans.actual'),
          dataIndex: 'actual',
          align: 'right',
          render: (v: number | null) => count(v),
        },
        {
          title: t('insight.plans.fulfilment'),
          dataIndex: 'fulfilmentRate',
          align: 'right',
          render: (v: number | null) => percent(v),
        },
      ]}
      summary={(data) =>
        data && data.totals.planned > 0 ? (
          <Typography.Paragraph type="secondary" data-testid="plan-totals">
            {t('insight.plans.totals', { planned: count(data.totals.planned), actual: count(data.totals.actual) })}
          </Typography.Paragraph>
        ) : null
      }
      Form={PlanFormModal}
    />
  );
}
