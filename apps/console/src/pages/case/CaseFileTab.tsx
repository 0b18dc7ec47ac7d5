import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Progress, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, newIdempotencyKey, type Schemas } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime, label } from '../../components/labels';
import { EVIDENCE_KINDS, type EvidenceKind } from '../../components/evidence-kinds';

type EvidenceIndex = Schemas['EvidenceIndexDto'];
type Attachment = EvidenceIndex['items'][number];
type CaseFileExport = Schemas['CaseFileExportDto'];

const DOCUMENT_KINDS = [
  'FILING_DECISION',
  'INVESTIGATION_REPORT',
  'SANCTION_DECISION',
  'ACCOUNTABILITY_DECISION',
  'RECTIFICATION_NOTICE',
  'SERVICE_RECEIPT',
] as const;
type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Hands a downloaded body to the browser as a file; the bearer token rules out a plain link. */
function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * 卷宗: the case file's evidence index (证据目录) with who added each file, when and at which stage, and who
 * cites it; uploading a file, issuing an official document from the record, downloading any of them; and,
 * once the case is closed, exporting the whole file as a zip with its progress shown.
 */
export function CaseFileTab({ caseId, closed }: { caseId: string; closed: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [index, setIndex] = useState<EvidenceIndex | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [kind, setKind] = useState<EvidenceKind>('DOCUMENT');
  const [documentKind, setDocumentKind] = useState<DocumentKind>('FILING_DECISION');
  const [busy, setBusy] = useState(false);
  const [exported, setExported] = useState<CaseFileExport | null>(null);

  const load = useCallback(async () => {
    try {
      setIndex(await call(api.GET('/cases/{id}/attachments', { params: { path: { id: caseId } } })));
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [caseId]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const upload = (file: File) =>
    act(async () => {
      const added = await call(
        api.POST('/cases/{id}/attachments', {
          params: { path: { id: caseId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
          body: { kind, file: file.name },
          // Fields before the file part: the gateway streams the file and must know its kind first.
          bodySerializer: () => {
            const form = new FormData();
            form.append('kind', kind);
            form.append('file', file, file.name);
            return form;
          },
        }),
      );
      void message.success(t('caseFile.uploaded', { name: added.fileName }));
      await load();
    });

  const issue = () =>
    act(async () => {
      const issued = await call(
        api.POST('/cases/{id}/documents', {
          params: { path: { id: caseId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
          body: { kind: documentKind },
        }),
      );
      void message.success(
        t('caseFile.issued', {
          title: t(`caseFile.documentKind.${documentKind}`),
          version: issued.document?.version ?? 1,
        }),
      );
      await load();
    });

  const download = (item: Attachment) =>
    act(async () => {
      save(
        await call(api.GET('/attachments/{id}', { params: { path: { id: item.attachmentId } }, parseAs: 'blob' })),
        item.fileName,
      );
    });

  const startExport = () =>
    act(async () => {
      let job = await call(
        api.POST('/cases/{id}/exports', {
          params: { path: { id: caseId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
        }),
      );
      setExported(job);
      while (job.status === 'RUNNING') {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        job = await call(
          api.GET('/cases/{id}/exports/{exportId}', { params: { path: { id: caseId, exportId: job.exportId } } }),
        );
        setExported(job);
      }
    });

  const downloadExport = (job: CaseFileExport) =>
    act(async () => {
      save(
        await call(
          api.GET('/cases/{id}/exports/{exportId}/archive', {
            params: { path: { id: caseId, exportId: job.exportId } },
            parseAs: 'blob',
          }),
        ),
        `${caseId}.zip`,
      );
    });

  const person = (id: string) => {
    const known = index?.people?.[id];
    return known ? [known.displayName, known.post].filter(Boolean).join(' ') : id;
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="case-file">
      <ProblemAlert error={error} />
      {!closed && (
        <Card title={t('caseFile.add')} size="small">
          <Space wrap>
            <Select
              aria-label={t('caseFile.kind')}
              value={kind}
              onChange={setKind}
              style={{ width: 160 }}
              options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`rect.kindValue.${k}`) }))}
            />
            <Upload
              showUploadList={false}
              disabled={busy}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} disabled={busy}>
                {t('caseFile.upload')}
              </Button>
            </Upload>
            <Select
              aria-label={t('caseFile.document')}
              value={documentKind}
              onChange={setDocumentKind}
              style={{ width: 200 }}
              options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`caseFile.documentKind.${k}`) }))}
            />
            <Button onClick={() => void issue()} disabled={busy}>
              {t('caseFile.issue')}
            </Button>
          </Space>
        </Card>
      )}
      <Card
        title={t('caseFile.index')}
        size="small"
        extra={
          closed && (
            <Button onClick={() => void startExport()} disabled={busy}>
              {t('caseFile.export')}
            </Button>
          )
        }
      >
        {exported && (
          <Space className="case-file-export" style={{ marginBottom: 12 }}>
            <Typography.Text>{t(`caseFile.exportStatus.${exported.status}`)}</Typography.Text>
            <Progress
              aria-label={t('caseFile.exportProgress')}
              style={{ width: 240 }}
              percent={Math.round((100 * exported.filesDone) / Math.max(1, exported.filesTotal))}
              status={exported.status === 'FAILED' ? 'exception' : undefined}
              format={() => t('caseFile.exportFiles', { done: exported.filesDone, total: exported.filesTotal })}
            />
            {exported.status === 'DONE' && (
              <Button icon={<DownloadOutlined />} onClick={() => void downloadExport(exported)}>
                {t('caseFile.downloadExport')}
              </Button>
            )}
          </Space>
        )}
        <Table<Attachment>
          rowKey="attachmentId"
          size="small"
          pagination={false}
          dataSource={index?.items ?? []}
          locale={{ emptyText: t('caseFile.empty') }}
          columns={[
            {
              title: t('caseFile.fileName'),
              key: 'f',
              render: (_, item) => (
                <Button
                  type="link"
                  icon={<DownloadOutlined />}
                  onClick={() => void download(item)}
                  aria-label={t('caseFile.download', { name: item.fileName })}
                >
                  {item.fileName}
                </Button>
              ),
            },
            {
              title: t('caseFile.kind'),
              key: 'k',
              render: (_, item) =>
                item.document ? (
                  <Tag>
                    {t(`caseFile.documentKind.${item.document.kind}`)}{' '}
                    {t('caseFile.version', { version: item.document.version })}
                  </Tag>
                ) : (
                  t(`rect.kindValue.${item.kind}`, { defaultValue: item.kind })
                ),
            },
            { title: t('caseFile.stage'), key: 's', render: (_, item) => label(t, 'stage', item.stage) },
            { title: t('caseFile.addedBy'), key: 'b', render: (_, item) => person(item.addedBy) },
            {
              title: t('caseFile.addedAt'),
              key: 'a',
              render: (_, item) => formatDateTime(item.addedAt, i18n.language),
            },
            {
              title: t('caseFile.checksum'),
              key: 'h',
              render: (_, item) => (
                <Typography.Text code title={item.sha256}>
                  {item.sha256.slice(0, 12)}…
                </Typography.Text>
              ),
            },
            {
              title: t('caseFile.citedBy'),
              key: 'c',
              render: (_, item) => item.citedBy.map((c) => `${c.listId} / ${c.itemKey}`).join('、') || '—',
            },
          ]}
        />
      </Card>
    </Space>
  );
}
