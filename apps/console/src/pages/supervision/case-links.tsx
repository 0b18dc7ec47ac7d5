import { ExportOutlined } from '@ant-design/icons';
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useConsoleConfig } from '../../components/config-context';
import { temporalWorkflowUrl } from './supervision-helpers';

/** The case number linking to its page, and beside it the case's workflow in the Temporal Web UI. */
export function CaseLinks({ caseId, caseNo }: { caseId: string; caseNo: string }) {
  const { t } = useTranslation();
  const config = useConsoleConfig();
  return (
    <Space size="small">
      <Link to={`/cases/${encodeURIComponent(caseId)}`} className="case-ref">
        {caseNo}
      </Link>
      <Typography.Link
        href={temporalWorkflowUrl(config.temporalUiUrl, caseId)}
        target="_blank"
        rel="noreferrer"
        aria-label={t('supervision.temporalOf', { caseNo })}
        title={t('supervision.temporal')}
      >
        <ExportOutlined aria-hidden />
        <span className="link-text">Temporal</span>
      </Typography.Link>
    </Space>
  );
}
