import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shown on the login page and in the layout while the server runs in demo mode. */
export function DemoBanner({ banner = false }: { banner?: boolean }) {
  const { t } = useTranslation();
  return <Alert type="warning" showIcon banner={banner} title={t('demo.banner')} data-testid="demo-banner" />;
}
