import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Directory } from './directory';

/**
 * The person a task is about (a recusal decision, a replacement, a re-check of past actions), by name and post:
 * the API keeps ids out of task titles and names the person in the response's `people` map.
 */
export function TaskConcerns({ personId, directory }: { personId?: string | null; directory: Directory }) {
  const { t } = useTranslation();
  if (!personId) return null;
  return (
    <Typography.Text type="secondary" className="task-concerns">
      {t('namedPeople.concerns', { name: directory.personName(personId), post: directory.personPost(personId) })}
    </Typography.Text>
  );
}
