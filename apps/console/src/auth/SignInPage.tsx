import { Alert, Button, Card, Input, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, call } from '../api/client';
import type { DevSignInPerson } from '../api/console-config';
import { ProblemAlert } from '../components/ProblemAlert';
import { useConsoleConfig } from '../components/config-context';
import { startOidcSignIn } from './oidc';
import { signIn, takeExpiredFlag } from './session';

const postLine = (person: DevSignInPerson) => person.posts.map((p) => p.title).join('、');

/** Local stack: pick a person of the org and get a dev token. Production: OIDC with PKCE. */
export function SignInPage() {
  const { t } = useTranslation();
  const config = useConsoleConfig();
  const navigate = useNavigate();
  const [expired] = useState(takeExpiredFlag);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState<string | null>(null);

  const people = useMemo(() => {
    const q = filter.trim();
    if (!q) return config.devPeople;
    return config.devPeople.filter((p) =>
      [p.id, p.displayName, ...p.posts.flatMap((post) => [post.title, post.body])].some((s) => s.includes(q)),
    );
  }, [config.devPeople, filter]);

  const signInAs = async (person: DevSignInPerson) => {
    setPending(person.id);
    setError(null);
    try {
      const token = await call(api.POST('/dev/tokens', { body: { personId: person.id } }));
      signIn({
        token: token.token,
        expiresAt: token.expiresAt,
        personId: person.id,
        displayName: person.displayName,
        post: postLine(person),
      });
      void navigate('/', { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(null);
    }
  };

  return (
    <main className="sign-in">
      <Card title={<h1 className="card-heading">{t('signIn.title')}</h1>} className="sign-in-card">
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {expired && <Alert type="warning" showIcon title={t('signIn.expired')} />}
          <ProblemAlert error={error} />
          {config.authMode === 'oidc' ? (
            config.oidc ? (
              <Button type="primary" size="large" onClick={() => void startOidcSignIn(config.oidc!)}>
                {t('signIn.oidc')}
              </Button>
            ) : (
              <Alert type="error" showIcon title={t('signIn.oidcMissing')} />
            )
          ) : (
            <>
              <Typography.Paragraph>{t('signIn.devHint')}</Typography.Paragraph>
              <Input.Search
                aria-label={t('signIn.search')}
                placeholder={t('signIn.search')}
                allowClear
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
              />
              <Table<DevSignInPerson>
                rowKey="id"
                size="small"
                dataSource={people}
                locale={{ emptyText: <span className="empty-text">{t('signIn.noPeople')}</span> }}
                pagination={{ pageSize: 12, showSizeChanger: false }}
                columns={[
                  { title: t('signIn.name'), dataIndex: 'displayName', width: 110 },
                  { title: t('signIn.post'), key: 'post', render: (_, p) => postLine(p) },
                  {
                    title: t('signIn.body'),
                    key: 'body',
                    render: (_, p) => [...new Set(p.posts.map((x) => x.body))].join('、'),
                  },
                  {
                    title: t('signIn.action'),
                    key: 'action',
                    width: 140,
                    render: (_, p) => (
                      <Button
                        type="link"
                        loading={pending === p.id}
                        aria-label={`${t('signIn.signInAs')} ${p.displayName}`}
                        data-person-id={p.id}
                        onClick={() => void signInAs(p)}
                      >
                        {t('signIn.signInAs')}
                      </Button>
                    ),
                  },
                ]}
              />
            </>
          )}
        </Space>
      </Card>
    </main>
  );
}
