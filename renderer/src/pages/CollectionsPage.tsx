/**
 * The collections section. The queue of cases comes in a later release; for now, those who print
 * collection letters (notices.print) run a batch here: a letter for every loan N or more days late,
 * in one PDF, with progress and a Cancel button, then preview, save or print it.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Flex, Input, Progress, Radio, Segmented, Space, Typography } from 'antd';
import { PrinterOutlined, StopOutlined } from '@ant-design/icons';
import { onEvent } from '../api/client';
import { useApp } from '../stores/app';
import { useCan } from '../stores/session';
import { NOTICE_KINDS, useNotices, type NoticeKind } from '../stores/notices';
import { ProblemAlert } from '../components/ApplicationParts';
import { PdfPreview } from '../components/PdfPreview';
import { ComingPage } from './ComingPage';
import { LANGS, type Lang } from '../i18n';

function BatchPanel() {
  const { t } = useTranslation();
  const deskLang = useApp((s) => s.lang);
  const { running, cancelling, done, total, result, cancelled, problem, daysError, preview, run, cancel, progress, closePreview } = useNotices();
  const [minDays, setMinDays] = useState('7');
  const [type, setType] = useState<NoticeKind>('notice');
  const [lang, setLang] = useState<Lang>(deskLang);
  useEffect(() => setLang(deskLang), [deskLang]);
  // The engine pushes the batch's progress while it runs.
  useEffect(() => onEvent(progress), [progress]);
  const finished = !running && result !== null && result.count > 0;
  const percent = finished ? 100 : total > 0 ? Math.floor((done * 100) / total) : 0;
  const start = () => void run({ minDays, type, lang });
  return (
    <Card size="small" title={t('collections.batch.title')} data-testid="notice-batch">
      <Space orientation="vertical" size={10} style={{ width: '100%' }}>
        <Flex wrap gap={16} align="center" className="batch-form">
          <Space size={6} align="center">
            <label htmlFor="batch-days">{t('collections.batch.forLoans')}</label>
            <Input
              id="batch-days"
              data-testid="batch-days"
              aria-label={t('collections.batch.days')}
              style={{ width: 64 }}
              inputMode="numeric"
              className="num-input"
              status={daysError ? 'error' : undefined}
              value={minDays}
              disabled={running}
              onChange={(e) => setMinDays(e.target.value)}
              onPressEnter={start}
            />
            <span>{t('collections.batch.daysLate')}</span>
          </Space>
          <Space size={6} align="center">
            <span id="batch-type-label">{t('collections.batch.type')}</span>
            <Radio.Group
              aria-labelledby="batch-type-label"
              optionType="button"
              buttonStyle="solid"
              size="small"
              value={type}
              disabled={running}
              onChange={(e) => setType(e.target.value as NoticeKind)}
              options={NOTICE_KINDS.map((k) => ({ value: k, label: t(`documents.types.${k}`) }))}
              data-testid="batch-type"
            />
          </Space>
          <Space size={6} align="center">
            <span id="batch-lang-label">{t('collections.batch.language')}</span>
            <Segmented<Lang>
              aria-labelledby="batch-lang-label"
              size="small"
              value={lang}
              disabled={running}
              onChange={setLang}
              options={LANGS.map((l) => ({ value: l, label: t(`documents.langs.${l}`) }))}
              data-testid="batch-lang"
            />
          </Space>
          <Space size={8}>
            <Button type="primary" icon={<PrinterOutlined />} loading={running} onClick={start} data-testid="batch-run">
              {t('collections.batch.run')}
            </Button>
            {running && (
              <Button danger icon={<StopOutlined />} loading={cancelling} onClick={() => void cancel()} data-testid="batch-cancel">
                {t('collections.batch.cancel')}
              </Button>
            )}
          </Space>
        </Flex>
        {daysError && <Typography.Text type="danger" data-testid="batch-days-error">{daysError}</Typography.Text>}
        <Typography.Text type="secondary" className="card-hint">
          {t('collections.batch.hint')}
        </Typography.Text>
        {(running || finished) && (
          <div data-testid="batch-progress" data-done={finished ? result?.count : done} data-total={finished ? result?.count : total} data-state={running ? 'running' : 'done'}>
            <Progress percent={percent} status={running ? 'active' : 'success'} />
            <Typography.Text type="secondary" className="num" data-testid="batch-status">
              {running
                ? cancelling
                  ? t('collections.batch.cancelling')
                  : total > 0
                    ? t('collections.batch.running', { done, total })
                    : t('collections.batch.preparing')
                : result && t('collections.batch.done', { count: result.count, pages: result.pages, number: result.number })}
            </Typography.Text>
          </div>
        )}
        {!running && result && result.count === 0 && <Alert type="info" showIcon title={t('collections.batch.none', { days: minDays.trim() })} data-testid="batch-none" />}
        {cancelled && <Alert type="warning" showIcon title={t('collections.batch.cancelled')} data-testid="batch-cancelled" />}
        <ProblemAlert problem={problem} testId="batch-error" />
        <PdfPreview preview={preview} onClose={closePreview} height={640} emptyText={t('collections.batch.noPreview')} />
      </Space>
    </Card>
  );
}

export function CollectionsPage() {
  const { t } = useTranslation();
  const printsNotices = useCan('notices.print');
  if (!printsNotices) return <ComingPage page="collections" />;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="collections-page">
      <BatchPanel />
      <Alert type="info" showIcon title={t('coming.title')} description={t('coming.collections')} data-testid="collections-coming" />
    </Space>
  );
}
