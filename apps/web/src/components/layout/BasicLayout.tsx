import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Drawer, Flex, Grid, Layout, Menu, type MenuProps, theme } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { accessOf, forcedPage, visibleRoutes } from '../../access';
import { useMe } from '../../api/session';
import { type AppRoute, appRoutes, routeTrail } from '../../routes';
import { DemoBanner } from '../DemoBanner';
import { LanguageSwitch } from '../LanguageSwitch';
import { FullPageSpin } from '../RequireAuth';
import { NotificationBell } from './NotificationBell';
import { useRecordNameOf } from './recordName';
import { UserMenu } from './UserMenu';

type MenuItem = NonNullable<MenuProps['items']>[number];

function menuItems(routes: readonly AppRoute[], t: (k: string) => string): MenuItem[] {
  return routes
    .filter((r) => !r.hideInMenu)
    .map((r) =>
      r.routes
        ? { key: r.path, icon: r.icon, label: t(r.name), children: menuItems(r.routes, t) }
        : { key: r.path, icon: r.icon, label: t(r.name) },
    );
}

function Brand({ collapsed, dark }: { collapsed: boolean; dark: boolean }) {
  return (
    <Link to="/" className={`brand ${dark ? 'brand-dark' : ''}`} data-testid="brand">
      <span className="brand-logo">产</span>
      {collapsed ? null : <span className="brand-name">产教通</span>}
    </Link>
  );
}

/**
 * The signed-in frame: side menu from the route table filtered by permissions (a Drawer on
 * phones), header with breadcrumb, language switch and user menu, demo banner.
 */
export function BasicLayout() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const me = useMe().data!;
  const user = me.user;
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [collapsedByUser, setCollapsed] = useState<boolean | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const collapsed = collapsedByUser ?? !screens.lg;

  const menu = useMemo(() => menuItems(visibleRoutes(appRoutes, accessOf(user)), t), [user, t]);
  const trail = routeTrail(location.pathname);
  const openGroup = trail.length > 1 ? [trail[0]!.path] : [];
  // A detail page keeps its list page selected in the menu.
  const leaf = trail.at(-1);
  const selectedKey = leaf?.parent ?? location.pathname;
  const recordName = useRecordNameOf(location.pathname);

  // Until a forced password change or 2FA enrolment is done, only that page, without the menu.
  const forcedTo = forcedPage(user);
  if (forcedTo && location.pathname !== forcedTo) return <Navigate to={forcedTo} replace />;
  const forced = forcedTo !== null;

  const sideMenu = (
    <Menu
      mode="inline"
      theme="dark"
      items={menu}
      selectedKeys={[selectedKey]}
      defaultOpenKeys={openGroup}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(key);
      }}
      data-testid="side-menu"
    />
  );

  const breadcrumb = [
    ...(location.pathname === '/' ? [] : [{ title: <Link to="/">{t('menu.home')}</Link> }]),
    ...(trail.length > 0
      ? trail
          .filter((r) => r.path !== '/' || trail.length === 1)
          .map((r) => {
            if (r === leaf) return { title: (r.parent && recordName) || t(r.name) };
            // A list page before its detail page links back to the list.
            return { title: r.component ? <Link to={r.path}>{t(r.name)}</Link> : t(r.name) };
          })
      : [{ title: t('exception.notFoundShort') }]),
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!forced && !phone && (
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          trigger={null}
          width={220}
          collapsedWidth={64}
          className="app-sider"
        >
          <div className="app-sider-inner">
            <Brand collapsed={collapsed} dark />
            {sideMenu}
          </div>
        </Layout.Sider>
      )}
      {!forced && phone && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
          data-testid="menu-drawer"
        >
          <Brand collapsed={false} dark />
          {sideMenu}
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="app-header" style={{ background: token.colorBgContainer }}>
          <Flex align="center" gap={8} style={{ minWidth: 0, flex: 1 }}>
            {!forced && phone && (
              <Button
                type="text"
                icon={<MenuOutlined />}
                onClick={() => setDrawerOpen(true)}
                aria-label={t('layout.openMenu')}
                data-testid="menu-toggle"
              />
            )}
            {forced || phone ? <Brand collapsed={false} dark={false} /> : null}
            {!forced && !phone && (
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={() => setCollapsed(!collapsed)}
                aria-label={t('layout.toggleMenu')}
              />
            )}
            {!forced && !phone && <Breadcrumb items={breadcrumb} className="app-breadcrumb" />}
          </Flex>
          <Flex align="center" gap={4} style={{ flex: 'none' }}>
            {!forced && <NotificationBell />}
            <LanguageSwitch compact={phone} />
            <UserMenu user={user} compact={phone} />
          </Flex>
        </Layout.Header>
        {me.demoMode && <DemoBanner banner />}
        <Layout.Content className="app-content">
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
