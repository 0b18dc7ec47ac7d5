import { Button, Descriptions, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useHref, useNavigate } from 'react-router';
import type { Schemas } from '../../api/client';

/** The numbers the server allocated, which the paper file carries from now on. */
export function CaseOpenedResult({
  created,
  onAnother,
}: {
  created: Schemas['CaseCreatedDto'];
  onAnother: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const path = `/cases/${encodeURIComponent(created.caseId)}`;
  const href = useHref(path);
  return (
    <Result
      status="success"
      title={t('openCase.opened')}
      subTitle={
        <Descriptions column={1} size="small" bordered className="open-case-numbers">
          <Descriptions.Item label={t('openCase.caseNo')}>
            <span data-case-no>{created.caseNo}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('openCase.documentNo')}>
            <span data-document-no>{created.documentNo}</span>
          </Descriptions.Item>
        </Descriptions>
      }
      extra={[
        <Button
          key="case"
          type="primary"
          href={href}
          onClick={(event) => {
            event.preventDefault();
            void navigate(path);
          }}
        >
          {t('openCase.toCase')}
        </Button>,
        <Button key="another" onClick={onAnother}>
          {t('openCase.another')}
        </Button>,
      ]}
    />
  );
}
