import { Alert, Button, Card, Descriptions, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useDirectory } from '../../components/directory';
import { formatDateTime, label } from '../../components/labels';

/** Where the case stands, whether its audit chain holds, and the trace-back suggestion with its trigger. */
export function CaseSummaryCard({
  detail,
  audit,
  onDualDecision,
}: {
  detail: Schemas['CaseDetailDto'];
  audit: Schemas['AuditVerificationDto'] | null;
  onDualDecision: () => void;
}) {
  const { t, i18n } = useTranslation();
  const directory = useDirectory(detail.people);
  const c = detail.case;
  const dual = detail.dualInvestigation;
  // DOMAIN §3: a manual trigger stays possible until closing, with or without the suggestion.
  const requested = dual?.opening?.status === 'PENDING';
  const undecided =
    dual !== undefined && dual.decision === null && !requested && c.status === 'OPEN' && c.kind === 'violation';
  return (
    <Card>
      <Descriptions column={3} size="small">
        <Descriptions.Item label={t('case.kind')}>{t(`case.kindValue.${c.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('case.unit')}>{directory.unitName(c.unitId)}</Descriptions.Item>
        <Descriptions.Item label={t('case.jurisdiction')}>{directory.unitName(c.jurisdictionId)}</Descriptions.Item>
        <Descriptions.Item label={t('case.stage')}>{label(t, 'stage', c.stage)}</Descriptions.Item>
        <Descriptions.Item label={t('case.status')}>
          <Space size={4}>
            <Tag className={c.status === 'OPEN' ? 'state state-green' : 'state state-done'}>
              {t(`case.statusValue.${c.status}`)}
            </Tag>
            {c.overdue && <Tag className="state state-overdue">{t('case.overdue')}</Tag>}
            {c.escalationLevel > 0 && (
              <Tag className="state state-escalated">{t('myWork.escalationLevel', { level: c.escalationLevel })}</Tag>
            )}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.deadline')}>
          {c.deadlineAt ? formatDateTime(c.deadlineAt, i18n.language) : t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('procedure.leadReceivedOn')}>
          {detail.leadReceivedOn ?? t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('procedure.clock')}>
          <Tag className={c.clock === 'case' ? 'state state-escalated' : 'state state-done'} data-clock={c.clock}>
            {t(`procedure.clockValue.${c.clock}`)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.openedAt')}>{formatDateTime(c.openedAt, i18n.language)}</Descriptions.Item>
        <Descriptions.Item label={t('case.lastActivity')}>
          {formatDateTime(c.lastActivityAt, i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.audit')}>
          {audit &&
            (audit.ok ? (
              <Tag className="state state-green">{t('case.auditOk', { count: audit.count })}</Tag>
            ) : (
              <Tag className="state state-overdue">
                {t('case.auditBroken', { seq: audit.firstBroken?.seq, reason: audit.firstBroken?.reason })}
              </Tag>
            ))}
        </Descriptions.Item>
      </Descriptions>
      {dual?.suggested && (
        <Alert
          className="section-gap"
          type="warning"
          showIcon
          title={t('case.dual')}
          description={`${t('case.dualReasons')}: ${dual.reasons.join('；')}`}
          action={
            undecided && (
              <Button type="primary" onClick={onDualDecision}>
                {t('traceBack.trigger.action')}
              </Button>
            )
          }
        />
      )}
      {dual && !dual.suggested && undecided && (
        <div className="section-gap">
          <Button onClick={onDualDecision}>{t('traceBack.trigger.action')}</Button>
        </div>
      )}
      {requested && <Alert className="section-gap" type="info" showIcon title={t('links.openingPending')} />}
      {dual?.decision && (
        <Alert
          className="section-gap"
          type={dual.decision === 'TRIGGER' ? 'info' : 'warning'}
          showIcon
          title={t(
            dual.opening?.status === 'REJECTED' ? 'links.openingRefused' : `traceBack.trigger.decided.${dual.decision}`,
          )}
          description={dual.reason ? t('links.reason', { reason: dual.reason }) : undefined}
        />
      )}
      {dual?.linkedCase && (
        <Alert
          className="section-gap"
          type="info"
          showIcon
          title={t('links.linkedTraceBack', { caseNo: dual.linkedCase.caseNo })}
        />
      )}
    </Card>
  );
}
