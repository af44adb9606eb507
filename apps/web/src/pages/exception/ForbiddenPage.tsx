import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** A route that exists but the user's roles do not grant. */
export default function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('exception.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('exception.backHome')}</Button>
        </Link>
      }
      data-testid="page-403"
    />
  );
}
