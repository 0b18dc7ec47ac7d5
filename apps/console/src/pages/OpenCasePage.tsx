import { Button, Col, Form, Row, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, call, newIdempotencyKey, type Schemas } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { CaseFactsCard } from './open-case/CaseFactsCard';
import { CaseOpenedResult } from './open-case/CaseOpenedResult';
import { IndicatorsCard } from './open-case/IndicatorsCard';
import { ParticipantsCard } from './open-case/ParticipantsCard';
import {
  caseBody,
  INITIAL_VALUES,
  type JurisdictionUnit,
  type OpenCaseValues,
  placeErrors,
  type PlacedErrors,
  type Proposal,
} from './open-case/open-case-model';

/** The proposal for the unit chosen; refetched when the unit changes, nothing kept from another unit. */
function useProposal(unit: JurisdictionUnit | undefined) {
  const [state, setState] = useState<{ unitId: string; proposal: Proposal | null; error: unknown } | null>(null);
  useEffect(() => {
    if (!unit) return;
    let current = true;
    call(
      api.GET('/cases/participant-proposal', {
        params: { query: { unitId: unit.id, jurisdictionId: unit.jurisdictionId } },
      }),
    ).then(
      (proposal) => current && setState({ unitId: unit.id, proposal, error: null }),
      (error: unknown) => current && setState({ unitId: unit.id, proposal: null, error }),
    );
    return () => {
      current = false;
    };
  }, [unit]);
  const mine = unit && state?.unitId === unit.id ? state : null;
  return { proposal: mine?.proposal ?? null, error: mine?.error ?? null, loading: Boolean(unit) && !mine };
}

/** 立案登记: a case-management officer opens a case; the server allocates its number and document number. */
export function OpenCasePage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<OpenCaseValues>();
  const [units, setUnits] = useState<JurisdictionUnit[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [roleErrors, setRoleErrors] = useState<PlacedErrors['roles']>({});
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<Schemas['CaseCreatedDto'] | null>(null);
  // A retry of the same body reuses its Idempotency-Key, so a lost answer cannot open the case twice.
  const attempt = useRef<{ body: string; key: string } | null>(null);

  useEffect(() => {
    call(api.GET('/org/units')).then(
      (list) => setUnits(list.units),
      (error: unknown) => {
        setUnits([]);
        setLoadError(error);
      },
    );
  }, []);

  const unitId = Form.useWatch('unitId', form);
  const unit = units?.find((u) => u.id === unitId);
  const { proposal, error: proposalError, loading: proposalLoading } = useProposal(unit);

  // Subjects belong to the unit; the investigator to the proposal: both start over with another unit.
  useEffect(() => {
    form.setFieldsValue({ subjectIds: [], caseOfficerId: undefined });
    setRoleErrors({});
  }, [unitId, form]);
  useEffect(() => {
    const proposed = proposal?.roles.find((r) => r.role === 'caseOfficer');
    if (proposed?.unfilledReason === null && proposed.persons.length === 1) {
      form.setFieldsValue({ caseOfficerId: proposed.persons[0].personId });
    }
  }, [proposal, form]);

  const submit = async (values: OpenCaseValues) => {
    if (!unit) return;
    const body = caseBody(values, unit);
    const serialized = JSON.stringify(body);
    if (attempt.current?.body !== serialized) attempt.current = { body: serialized, key: newIdempotencyKey() };
    setSubmitting(true);
    setSubmitError(null);
    setRoleErrors({});
    try {
      const result = await call(
        api.POST('/cases', { params: { header: { 'Idempotency-Key': attempt.current.key } }, body }),
      );
      attempt.current = null;
      // Only now is what was typed done with: the next case starts from an empty form.
      form.resetFields();
      setCreated(result);
    } catch (error) {
      setSubmitError(error);
      const placed = placeErrors(error instanceof ApiError ? (error.problem?.errors ?? []) : []);
      // The paths come from the server's schema of the same body, so they name this form's fields.
      form.setFields(placed.fields as Parameters<typeof form.setFields>[0]);
      setRoleErrors(placed.roles);
    } finally {
      setSubmitting(false);
    }
  };

  const unitName = (id: string) => units?.find((u) => u.id === id)?.name ?? id;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div className="page-heading">
        <Typography.Title level={2}>{t('openCase.title')}</Typography.Title>
      </div>
      <ProblemAlert error={loadError} />
      {created ? (
        <CaseOpenedResult created={created} onAnother={() => setCreated(null)} />
      ) : (
        <Form<OpenCaseValues>
          form={form}
          name="openCase"
          layout="vertical"
          initialValues={INITIAL_VALUES}
          onFinish={(values) => void submit(values)}
        >
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={10}>
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                <CaseFactsCard units={units ?? []} unit={unit} loading={units === null} />
                <IndicatorsCard />
              </Space>
            </Col>
            <Col xs={24} xl={14}>
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                <ParticipantsCard
                  proposal={proposal}
                  loading={proposalLoading}
                  error={proposalError}
                  roleErrors={roleErrors}
                  unitName={unitName}
                />
                <ProblemAlert error={submitError} title={t('openCase.failed')} />
                <Button type="primary" htmlType="submit" loading={submitting} size="large">
                  {t('openCase.submit')}
                </Button>
              </Space>
            </Col>
          </Row>
        </Form>
      )}
    </Space>
  );
}
