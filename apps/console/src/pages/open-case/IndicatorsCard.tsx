import { Card, Checkbox, Col, Form, InputNumber, Row } from 'antd';
import { useTranslation } from 'react-i18next';

const FLAGS = [
  'expectedSanctionAtLeastProbation',
  'crimeSuspected',
  'subjectIsTeamMember',
  'inspectionFindingsUnrectified',
] as const;
const COUNTS = [
  { name: 'misconductMonths', max: 600 },
  { name: 'personsInvestigatedInUnit', max: 1000 },
  { name: 'ignoredComplaints', max: 1000 },
] as const;

/** The facts the 一案双查 suggestion rule reads (DOMAIN §3); the leader in charge still decides. */
export function IndicatorsCard() {
  const { t } = useTranslation();
  return (
    <Card
      title={t('openCase.indicators')}
      extra={<span className="open-case-note">{t('openCase.help.indicators')}</span>}
    >
      <Row gutter={[16, 0]}>
        {FLAGS.map((flag) => (
          <Col span={12} key={flag}>
            <Form.Item name={['indicators', flag]} valuePropName="checked">
              <Checkbox>{t(`openCase.indicator.${flag}`)}</Checkbox>
            </Form.Item>
          </Col>
        ))}
        {COUNTS.map((count) => (
          <Col span={8} key={count.name}>
            <Form.Item name={['indicators', count.name]} label={t(`openCase.indicator.${count.name}`)}>
              <InputNumber min={0} max={count.max} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
