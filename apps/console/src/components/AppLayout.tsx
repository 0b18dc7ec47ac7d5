import { Button, Layout, Menu, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { signOut, useSession } from '../auth/session';
import { rememberLanguage } from '../i18n';

const NAV = [
  { path: '/', key: 'nav.myWork' },
  { path: '/supervision', key: 'nav.supervision' },
] as const;

/** The frame of every page after sign-in: where I am, who I am, the language switch. */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const selected = NAV.filter((n) =>
    n.path === '/' ? location.pathname === '/' : location.pathname.startsWith(n.path),
  );
  const switchLanguage = () => {
    const next = i18n.language === 'en' ? 'zh-CN' : 'en';
    rememberLanguage(next);
    void i18n.changeLanguage(next);
  };
  return (
    <Layout className="app">
      <Layout.Header className="app-header">
        <Link to="/" className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-subtitle">{t('app.subtitle')}</span>
        </Link>
        <nav aria-label={t('app.subtitle')} className="app-nav">
          <Menu
            mode="horizontal"
            theme="dark"
            selectedKeys={selected.map((n) => n.path)}
            items={NAV.map((n) => ({ key: n.path, label: <Link to={n.path}>{t(n.key)}</Link> }))}
          />
        </nav>
        <Space className="app-user" size="middle">
          {session && (
            <Typography.Text className="app-user-name">
              {session.displayName}
              {session.post && <span className="app-user-post"> · {session.post}</span>}
            </Typography.Text>
          )}
          <Button size="small" onClick={switchLanguage} lang={i18n.language === 'en' ? 'zh-CN' : 'en'}>
            {t('app.language')}
          </Button>
          <Button size="small" onClick={signOut}>
            {t('app.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content className="app-content">
        <main>
          <Outlet />
        </main>
      </Layout.Content>
    </Layout>
  );
}
