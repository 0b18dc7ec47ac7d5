import { Card, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useDirectory } from '../../components/directory';
import { formatDateTime, label } from '../../components/labels';

type CaseDetail = Schemas['CaseDetailDto'];
type TimelineEntry = Schemas['TimelineEntry'];

/** Timeline stages are `<side>:<stage>` (`violation:intake`); entries of the parent case have no side. */
function sideAndStage(entry: TimelineEntry): [string, string] {
  const at = entry.stage.indexOf(':');
  return at < 0 ? ['case', entry.stage] : [entry.stage.slice(0, at), entry.stage.slice(at + 1)];
}

function isTraceBack(entry: TimelineEntry): boolean {
  const [side] = sideAndStage(entry);
  return side !== 'violation' && side !== 'case';
}

export function formatBasis(basis: NonNullable<TimelineEntry['basis']>, article: (n: string) => string): string {
  return basis.map((b) => `${b.regulation}${b.revision ? `（${b.revision}）` : ''} ${article(b.article)}`).join('；');
}

/** The trace-back notes candidates by key (`person-p-0036, org-b-health-pg`): shown by name when all are known. */
function commentOf(comment: string, nameOf?: (candidateKey: string) => string | null): string {
  const names = nameOf ? comment.split(', ').map(nameOf) : [];
  return names.length > 0 && names.every((n) => n !== null) ? names.join('、') : comment;
}

/**
 * One side's stages: who acted (name and post), the outcome, the basis articles and the comment.
 * `nameOf` names the candidates the trace-back's entries carry by key.
 */
function StageTimeline({
  entries,
  people,
  nameOf,
}: {
  entries: TimelineEntry[];
  people: CaseDetail['people'];
  nameOf?: (candidateKey: string) => string | null;
}) {
  const { t, i18n } = useTranslation();
  const directory = useDirectory(people);
  if (entries.length === 0) return <Typography.Text type="secondary">{t('caseDetail.noEntries')}</Typography.Text>;
  return (
    <Timeline
      className="stage-timeline"
      items={entries.map((entry, index) => ({
        key: `${entry.at}-${index}`,
        color: entry.outcome ? 'green' : 'gray',
        content: (
          <div>
            <div>
              <strong>{label(t, 'stage', sideAndStage(entry)[1])}</strong> · {label(t, 'action', entry.action)}
              {entry.outcome && <Tag className="state state-done tag-inline">{label(t, 'outcome', entry.outcome)}</Tag>}
            </div>
            <div className="timeline-meta">
              {formatDateTime(entry.at, i18n.language)}
              {entry.decidedOn && ` · ${t('procedure.decidedOnRecorded', { date: entry.decidedOn })}`}
              {entry.actorId && ` · ${directory.personName(entry.actorId)} ${directory.personPost(entry.actorId)}`}
            </div>
            {entry.comment && <div>{commentOf(entry.comment, nameOf)}</div>}
            {entry.dissent && (
              <div className="timeline-meta">
                {entry.dissent.length === 0
                  ? t('namedPeople.noDissent')
                  : t('namedPeople.dissent', {
                      list: entry.dissent
                        .map(
                          (d) =>
                            t('namedPeople.dissentEntry', {
                              name: directory.personName(d.personId),
                              post: directory.personPost(d.personId),
                              outcome: label(t, 'outcome', d.outcome),
                            }) + (d.reason ? t('namedPeople.dissentReason', { reason: d.reason }) : ''),
                        )
                        .join(t('namedPeople.separator')),
                    })}
              </div>
            )}
            {entry.basis && entry.basis.length > 0 && (
              <div className="timeline-meta">
                {t('case.basis')}: {formatBasis(entry.basis, (n) => t('caseDetail.article', { article: n }))}
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}

/** One of the two investigations (一案双查) with its status, deadline and stage timeline. */
export function ChildCard({
  detail,
  role,
  nameOf,
}: {
  detail: CaseDetail;
  role: 'violation' | 'traceBack';
  nameOf?: (candidateKey: string) => string | null;
}) {
  const { t, i18n } = useTranslation();
  const child = detail.children.find((c) => c.role === role);
  const entries = (detail.timeline ?? []).filter((e) => (role === 'violation' ? !isTraceBack(e) : isTraceBack(e)));
  return (
    <Card title={t(`case.${role}`)} size="small" className="child-card" data-side={role}>
      {child ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Tag className={child.status === 'RUNNING' ? 'state state-green' : 'state state-done'}>
              {t(`case.childStatus.${child.status}`)}
            </Tag>
            {child.stage && <span>{label(t, 'stage', child.stage)}</span>}
            {child.overdue && <Tag className="state state-overdue">{t('case.overdue')}</Tag>}
            {child.deadlineAt && (
              <span>
                {t('case.deadline')}: {formatDateTime(child.deadlineAt, i18n.language)}
              </span>
            )}
          </Space>
          <StageTimeline entries={entries} people={detail.people} nameOf={nameOf} />
        </Space>
      ) : role === 'violation' ? (
        <StageTimeline entries={entries} people={detail.people} />
      ) : (
        <Typography.Text>{t('case.noChild')}</Typography.Text>
      )}
    </Card>
  );
}
