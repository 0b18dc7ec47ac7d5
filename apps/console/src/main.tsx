import { ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { App } from './App';
import { loadConsoleConfig, type ConsoleConfig } from './api/console-config';
import { ConsoleConfigContext } from './components/config-context';
import './i18n';
import './styles.css';

function Root() {
  const { i18n } = useTranslation();
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    loadConsoleConfig().then(setConfig, (error: unknown) => setFailure(String(error)));
  }, []);
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      button={{ autoInsertSpace: false }}
      theme={{
        token: {
          colorPrimary: '#a8071a',
          colorLink: '#a8071a',
          colorInfo: '#1d4ed8',
          colorTextSecondary: '#374151',
          colorTextTertiary: '#4b5563',
          colorTextDescription: '#4b5563',
          colorTextPlaceholder: '#6b7280',
          borderRadius: 4,
          fontSize: 15,
        },
      }}
    >
      {failure ? (
        <Result status="error" title={failure} />
      ) : config ? (
        <ConsoleConfigContext.Provider value={config}>
          <App />
        </ConsoleConfigContext.Provider>
      ) : (
        <Spin fullscreen />
      )}
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
