import { Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, newIdempotencyKey } from '../api/client';
import { DialogFooter } from '../components/DialogFooter';
import { useSubmission } from '../components/submission';
import { EVIDENCE_KINDS, type EvidenceKind } from '../components/evidence-kinds';

interface Evidence {
  id: string;
  sha256: string;
  kind: EvidenceKind;
}

async function sha256Of(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The responsible person's progress report or submission. Files never leave the computer: the page sends
 * each file's name as its id and its SHA-256, which the verifier checks against the filed copy.
 */
export function RectificationReportDialog({
  listId,
  itemKey,
  mode,
  onClose,
  onDone,
}: {
  listId: string;
  itemKey: string;
  mode: 'progress' | 'submit';
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState('');
  const [kind, setKind] = useState<EvidenceKind>('DOCUMENT');
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const { submitting, error, run } = useSubmission();
  const [missing, setMissing] = useState<string | null>(null);

  const addFiles = async (files: FileList | null) => {
    if (!files) return;
    const added = await Promise.all(
      [...files].map(async (file) => ({ id: file.name, sha256: await sha256Of(file), kind })),
    );
    setEvidence((current) => [...current.filter((e) => !added.some((a) => a.id === e.id)), ...added]);
  };

  const send = async () => {
    if (!summary.trim()) return setMissing(t('rect.summaryRequired'));
    if (mode === 'submit' && evidence.length === 0) return setMissing(t('rect.evidenceRequired'));
    setMissing(null);
    await run(async () => {
      const params = { path: { id: listId, itemKey }, header: { 'Idempotency-Key': newIdempotencyKey() } };
      if (mode === 'progress') {
        await call(
          api.POST('/rectification/lists/{id}/items/{itemKey}/progress', {
            params,
            body: { summary, attachments: evidence },
          }),
        );
      } else {
        await call(
          api.POST('/rectification/lists/{id}/items/{itemKey}/submission', { params, body: { summary, evidence } }),
        );
      }
      onDone();
    });
  };

  return (
    <Modal
      open
      width={760}
      title={`${t(mode === 'progress' ? 'rect.progress' : 'rect.submit')} · ${itemKey}`}
      onCancel={onClose}
      footer={null}
    >
      <Form layout="vertical">
        <Form.Item
          label={t('rect.summary')}
          required
          validateStatus={missing === t('rect.summaryRequired') ? 'error' : undefined}
          help={missing === t('rect.summaryRequired') ? missing : undefined}
        >
          <Input.TextArea
            aria-label={t('rect.summary')}
            rows={3}
            maxLength={4000}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
          />
        </Form.Item>
        <Form.Item
          label={t('rect.evidence')}
          required={mode === 'submit'}
          extra={t('rect.evidenceHint')}
          validateStatus={missing === t('rect.evidenceRequired') ? 'error' : undefined}
          help={missing === t('rect.evidenceRequired') ? missing : undefined}
        >
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space>
              <Select<EvidenceKind>
                aria-label={t('rect.evidenceKind')}
                value={kind}
                onChange={setKind}
                style={{ width: 160 }}
                options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`rect.kindValue.${k}`) }))}
              />
              <input type="file" multiple aria-label={t('rect.file')} onChange={(e) => void addFiles(e.target.files)} />
            </Space>
            {evidence.length > 0 && (
              <Table<Evidence>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={evidence}
                columns={[
                  { title: t('rect.file'), dataIndex: 'id' },
                  { title: t('rect.evidenceKind'), key: 'k', render: (_, e) => t(`rect.kindValue.${e.kind}`) },
                  {
                    title: t('rect.checksum'),
                    key: 's',
                    render: (_, e) => <Typography.Text code>{e.sha256.slice(0, 16)}…</Typography.Text>,
                  },
                ]}
              />
            )}
          </Space>
        </Form.Item>
        <DialogFooter error={error} submitting={submitting} onCancel={onClose} onSubmit={() => void send()} />
      </Form>
    </Modal>
  );
}
