import { App as AntApp, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthCallbackPage } from './auth/AuthCallbackPage';
import { SignInPage } from './auth/SignInPage';
import { useSession } from './auth/session';
import { AppLayout } from './components/AppLayout';
import { CaseDetailPage } from './pages/CaseDetailPage';
import { MyWorkPage } from './pages/MyWorkPage';
import { OpenCasePage } from './pages/OpenCasePage';
import { RectificationListPage } from './pages/RectificationListPage';
import { SupervisionPage } from './pages/SupervisionPage';

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title={t('notFound')} />;
}

export function App() {
  const session = useSession();
  return (
    <AntApp>
      <BrowserRouter basename={import.meta.env.BASE_URL.replace(/\/$/, '')}>
        <Routes>
          <Route path="/sign-in" element={session ? <Navigate to="/" replace /> : <SignInPage />} />
          <Route path="/auth/callback" element={<AuthCallbackPage />} />
          <Route element={session ? <AppLayout /> : <Navigate to="/sign-in" replace />}>
            <Route index element={<MyWorkPage />} />
            <Route path="/cases/new" element={<OpenCasePage />} />
            <Route path="/cases/:caseId" element={<CaseDetailPage />} />
            <Route path="/supervision" element={<SupervisionPage />} />
            <Route path="/rectification/:listId" element={<RectificationListPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </AntApp>
  );
}
