import { Form, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';

/**
 * Outcomes that open preliminary verification (初核) or investigation (审查调查): the proposal names the team that
 * carries the stage out, at least two people (DOMAIN §2). The server checks the rest (recusal, subjects).
 */
export const TEAM_OUTCOMES: readonly string[] = ['PRELIM_VERIFY', 'FILED'];

/** `teamIds` of the decision form: the staff of the caller's jurisdictions by name and post, two or more. */
export function TeamField() {
  const { t } = useTranslation();
  const [people, setPeople] = useState<Schemas['PersonSummary'][] | null>(null);
  useEffect(() => {
    call(api.GET('/people', { params: { query: { limit: 200 } } })).then(
      (list) => setPeople(list.items),
      () => setPeople([]),
    );
  }, []);
  return (
    <Form.Item
      name="teamIds"
      label={t('measures.team')}
      // The server names what is wrong with a team (too small, a recused person, a subject) and the dialog shows it.
      extra={t('measures.teamHelp')}
    >
      <Select
        mode="multiple"
        aria-label={t('measures.team')}
        showSearch={{ optionFilterProp: 'label' }}
        loading={people === null}
        options={(people ?? []).map((p) => ({
          value: p.id,
          label: `${p.displayName} · ${p.posts
            .map((x) => x.title ?? x.bodyName)
            .filter(Boolean)
            .join('、')}`,
        }))}
      />
    </Form.Item>
  );
}
