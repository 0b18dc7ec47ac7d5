import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Layout, Menu, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { api, call } from '../api/client';
import { signOut, useSession } from '../auth/session';
import { rememberLanguage } from '../i18n';
import { NotificationsProvider, useNotifications } from './notifications';

const NAV = [
  { path: '/', key: 'nav.myWork' },
  { path: '/cases/new', key: 'nav.openCase' },
  { path: '/supervision', key: 'nav.supervision' },
] as const;

/** 立案登记 is in the menu of those the gateway lets open cases (GET /me), nobody else's. */
function useMayOpenCases(): boolean {
  const personId = useSession()?.personId;
  const [answer, setAnswer] = useState<{ personId: string; may: boolean } | null>(null);
  useEffect(() => {
    if (!personId) return;
    call(api.GET('/me')).then(
      (me) => setAnswer({ personId, may: me.mayOpenCases }),
      () => undefined,
    );
  }, [personId]);
  return answer !== null && answer.personId === personId && answer.may;
}

/** The unread count in the header, linking to the list on My work. */
function NotificationBadge() {
  const { t } = useTranslation();
  const { unreadCount } = useNotifications();
  return (
    <Link
      to="/#notifications"
      className="notification-badge"
      aria-label={t('notifications.badge', { count: unreadCount })}
    >
      <Badge count={unreadCount} size="small" overflowCount={99} data-unread={unreadCount}>
        <BellOutlined className="notification-bell" />
      </Badge>
    </Link>
  );
}

/**
 * My name and current post as the directory has them (GET /people/{id}). An OIDC sign-in brings the name
 * only; the dev sign-in's list already knew both.
 */
function useMyself(): { displayName: string; post: string } | null {
  const session = useSession();
  const [found, setFound] = useState<{ personId: string; displayName: string; post: string } | null>(null);
  const personId = session?.personId;
  const known = Boolean(session?.post);
  useEffect(() => {
    if (!personId || known) return;
    call(api.GET('/people/{id}', { params: { path: { id: personId } } })).then(
      (person) =>
        setFound({
          personId,
          displayName: person.displayName,
          post: person.posts
            .map((p) => p.title ?? p.bodyName)
            .filter(Boolean)
            .join('、'),
        }),
      // Someone outside the directory (a system account) keeps the name the issuer gave.
      () => undefined,
    );
  }, [personId, known]);
  if (!session) return null;
  return found?.personId === session.personId ? found : session;
}

/** The frame of every page after sign-in: where I am, who I am, the language switch. */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const session = useMyself();
  const location = useLocation();
  const mayOpenCases = useMayOpenCases();
  const nav = NAV.filter((n) => n.path !== '/cases/new' || mayOpenCases);
  const selected = nav.filter((n) =>
    n.path === '/' ? location.pathname === '/' : location.pathname.startsWith(n.path),
  );
  const switchLanguage = () => {
    const next = i18n.language === 'en' ? 'zh-CN' : 'en';
    rememberLanguage(next);
    void i18n.changeLanguage(next);
  };
  return (
    <NotificationsProvider>
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
              items={nav.map((n) => ({ key: n.path, label: <Link to={n.path}>{t(n.key)}</Link> }))}
            />
          </nav>
          <Space className="app-user" size="middle">
            <NotificationBadge />
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
          {/* Layout.Content is the page's <main> landmark already. */}
          <Outlet />
        </Layout.Content>
      </Layout>
    </NotificationsProvider>
  );
}
