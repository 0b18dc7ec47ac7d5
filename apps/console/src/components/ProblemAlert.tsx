import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** Any failed call in words a person understands, with the code and trace id an administrator needs. */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : null;
  if (!problem) {
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={title ?? t('problem.title')}
        description={t('problem.network')}
      />
    );
  }
  const key = `problem.${problem.code}`;
  const words = i18n.exists(key) ? t(key) : t('problem.unknown');
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-problem-code={problem.code}
      title={title ?? t('problem.title')}
      description={
        <div>
          <div>{words}</div>
          {problem.detail && <div className="problem-detail">{problem.detail}</div>}
          {problem.errors?.map((e) => (
            <div key={`${e.path}:${e.message}`}>
              <Typography.Text code>{e.path}</Typography.Text> {e.message}
            </div>
          ))}
          <span className="problem-meta">
            {t('problem.code')}: {problem.code} · {t('problem.traceId')}: {problem.traceId}
          </span>
        </div>
      }
    />
  );
}
