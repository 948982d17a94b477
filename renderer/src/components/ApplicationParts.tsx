/** Small pieces the applications screens share: states and grades as colour and word, errors, uploads. */
import { useTranslation } from 'react-i18next';
import { wordFor } from '../i18n/words';
import { Alert, Button, Tag, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import type { DocumentKind, Problem, Product } from '../stores/applications';
import type { Lang } from '../i18n';

/** Declined red, waiting for a decision amber, approved green; the word always beside the colour. */
const STATE_COLOURS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  screened: 'processing',
  scored: 'gold',
  review: 'gold',
  returned: 'orange',
  approved: 'green',
  signed: 'cyan',
  disbursed: 'green',
  declined: 'red',
  withdrawn: 'default',
};

export function StateTag({ state, testId }: { state: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOURS[state] ?? 'default'} data-testid={testId} data-state={state}>
      {wordFor(t, 'applications.states', state)}
    </Tag>
  );
}

const GRADE_COLOURS: Record<string, string> = { A: 'green', B: 'lime', C: 'blue', D: 'orange', E: 'red' };

export function GradeTag({ grade, testId }: { grade: string | null; testId?: string }) {
  if (!grade) return <span className="muted">—</span>;
  return (
    <Tag color={GRADE_COLOURS[grade] ?? 'default'} data-testid={testId} className="grade-tag">
      {grade}
    </Tag>
  );
}

export const productName = (p: Pick<Product, 'nameZh' | 'nameEn'>, lang: Lang): string => (lang === 'zh-CN' ? p.nameZh : p.nameEn);

/** A refusal from the engine in the desk's words; a missing-documents refusal names the documents in the desk's language. */
export function ProblemAlert({ problem, testId }: { problem: Problem | null; testId?: string }) {
  const { t } = useTranslation();
  if (!problem) return null;
  let message: string = typeof problem === 'string' ? problem : problem.body.message;
  if (problem instanceof ApiError && problem.body.key === 'applications.documentsMissing') {
    const kinds = String(problem.body.details.missing ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean)
      .map((k) => wordFor(t, 'customers.docKinds', k));
    message = t('applications.wizard.missingDocuments', { number: String(problem.body.details.number ?? ''), list: kinds.join(t('applications.listSeparator')) });
  }
  return <Alert type="error" showIcon title={message} data-testid={testId} />;
}

/** Reads a chosen file as base64 (in chunks: a spread of a large file would overflow the stack). */
export async function fileToBase64(file: Blob): Promise<string> {
  const buffer = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < buffer.length; i += 0x8000) binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** One upload button for one kind of document; the file goes to the engine, never into the browser's list. */
export function DocumentUpload({ kind, present, loading, disabled, onFile }: { kind: DocumentKind; present: boolean; loading: boolean; disabled?: boolean; onFile: (fileName: string, contentBase64: string) => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <span data-testid={`upload-${kind}`}>
      <Upload
        showUploadList={false}
        accept=".pdf,.png,.jpg,.jpeg"
        disabled={disabled}
        beforeUpload={async (file) => {
          await onFile(file.name, await fileToBase64(file));
          return false;
        }}
      >
        <Button size="small" icon={<UploadOutlined />} loading={loading} disabled={disabled}>
          {present ? t('applications.wizard.uploadAgain') : t('applications.wizard.upload')}
        </Button>
      </Upload>
    </span>
  );
}
