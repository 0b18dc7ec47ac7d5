import { Alert, Card, Form, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import type { Proposal, ProposedRole } from './open-case-model';

type RoleRow = Proposal['roles'][number];
type PostBasis = RoleRow['persons'][number];

const postOf = (p: PostBasis) => p.title ?? p.positionRole;
const personLabel = (p: PostBasis) => `${p.displayName ?? p.personId} · ${postOf(p)}`;

/**
 * Who the org model puts in each role of the case on the day, and why (`GET /cases/participant-proposal`).
 * Only the investigator is the opener's to choose, among the commission's investigators; the server checks
 * every role again on submission.
 */
export function ParticipantsCard({
  proposal,
  loading,
  error,
  roleErrors,
  unitName,
}: {
  proposal: Proposal | null;
  loading: boolean;
  error: unknown;
  roleErrors: Partial<Record<ProposedRole, string[]>>;
  unitName: (id: string) => string;
}) {
  const { t } = useTranslation();
  const candidates = proposal?.investigatorCandidates ?? [];
  const reasonOf = (row: RoleRow) =>
    t(`openCase.reason.${row.role}`, { unit: unitName(row.persons[0]?.portfolioDomain ?? '') });

  const columns = [
    {
      title: t('openCase.column.role'),
      key: 'role',
      width: 130,
      render: (row: RoleRow) => <strong>{t(`openCase.role.${row.role}`)}</strong>,
    },
    {
      title: t('openCase.column.persons'),
      key: 'persons',
      width: 290,
      render: (row: RoleRow) =>
        row.role === 'caseOfficer' ? (
          <Form.Item name="caseOfficerId" rules={[{ required: true, message: t('openCase.required.caseOfficer') }]}>
            <Select
              aria-label={t('openCase.field.caseOfficer')}
              placeholder={t('openCase.placeholder.caseOfficer')}
              options={candidates.map((c) => ({ value: c.personId, label: personLabel(c) }))}
              style={{ minWidth: 260 }}
            />
          </Form.Item>
        ) : row.unfilledReason === null ? (
          <span data-role-persons={row.role}>
            {row.persons.map((p) => (
              <div key={p.personId}>
                {p.displayName ?? p.personId} <Typography.Text type="secondary">{postOf(p)}</Typography.Text>
                {p.acting && <Tag className="open-case-acting">{t('openCase.acting')}</Tag>}
              </div>
            ))}
          </span>
        ) : (
          <Tag className="state state-red">{t('openCase.unfilled')}</Tag>
        ),
    },
    {
      title: t('openCase.column.reason'),
      key: 'reason',
      render: (row: RoleRow) => (
        <div>
          {row.role === 'caseOfficer' || row.unfilledReason === null ? (
            reasonOf(row)
          ) : (
            <span>
              {t('openCase.unfilledReason')}
              <Typography.Text code>{row.unfilledReason}</Typography.Text>
            </span>
          )}
          {roleErrors[row.role]?.map((message) => (
            <div key={message} className="open-case-role-error" role="alert">
              {message}
            </div>
          ))}
        </div>
      ),
    },
  ];

  const gaps = proposal?.roles.filter((r) => r.unfilledReason !== null && r.role !== 'caseOfficer') ?? [];
  return (
    <Card title={t('openCase.participants')} extra={proposal && t('openCase.proposedOn', { on: proposal.on })}>
      <ProblemAlert error={error} />
      {!proposal && !error && (
        <Typography.Paragraph type="secondary">{t('openCase.pickUnitForProposal')}</Typography.Paragraph>
      )}
      {gaps.length > 0 && <Alert type="warning" showIcon title={t('openCase.gaps', { count: gaps.length })} />}
      {proposal && (
        <Table<RoleRow>
          className="open-case-participants"
          rowKey="role"
          size="small"
          pagination={false}
          loading={loading}
          columns={columns}
          dataSource={proposal.roles}
        />
      )}
    </Card>
  );
}
