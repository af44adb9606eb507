import { Card, Col, Descriptions, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessOf, visibleRoutes } from '../../access';
import { useMe } from '../../api/session';
import { roleLabel } from '../../components/labels';
import { useScopeText } from '../../components/layout/UserMenu';
import { appRoutes, leafRoutes } from '../../routes';

/** Who you are, what you may see, and a card for each page you may open. */
export default function HomePage() {
  const { t } = useTranslation();
  const user = useMe().data!.user;
  const scopeText = useScopeText();
  const pages = leafRoutes(visibleRoutes(appRoutes, accessOf(user))).filter((r) => r.path !== '/' && !r.hideInMenu);

  return (
    <div className="page" data-testid="home-page">
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="home-welcome">
          {t('home.welcome', { name: user.displayName })}
        </Typography.Title>
        <Descriptions column={{ xs: 1, sm: 1, md: 3 }} size="small">
          <Descriptions.Item label={t('home.username')}>{user.username}</Descriptions.Item>
          <Descriptions.Item label={t('home.roles')}>
            <Flex wrap gap={4}>
              {user.roles.map((r) => (
                <Tag key={r} color="blue" style={{ marginInlineEnd: 0 }} data-testid="home-role">
                  {roleLabel(r)}
                </Tag>
              ))}
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label={t('home.scope')}>
            <span data-testid="home-scope">{scopeText(user)}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Typography.Title level={5}>{t('home.shortcuts')}</Typography.Title>
      {pages.length === 0 ? (
        <Typography.Text type="secondary">{t('home.noPages')}</Typography.Text>
      ) : (
        <Row gutter={[16, 16]}>
          {pages.map((r) => (
            <Col key={r.path} xs={24} sm={12} lg={8} xxl={6}>
              <Link to={r.path} data-testid={`home-card-${r.path.slice(1).replace('/', '-')}`}>
                <Card hoverable style={{ height: '100%' }}>
                  <Card.Meta
                    avatar={<span style={{ fontSize: 24, color: '#1677ff' }}>{r.icon}</span>}
                    title={t(r.name)}
                    description={r.description ? t(r.description) : null}
                  />
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
    </div>
  );
}
