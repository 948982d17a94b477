/**
 * The collections section: the queue of cases in the engine's priority order (days past due,
 * balance, broken promises, days since the last contact), filtered by bucket, collector and promise
 * state, a page at a time as the list scrolls; Enter or a double click opens the case. Below it,
 * for those who print collection letters (notices.print), the batch: a letter for every loan N or
 * more days late, in one PDF, with progress and a Cancel button, then preview, save or print it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Empty, Flex, Input, Progress, Radio, Segmented, Select, Space, Spin, Table, Tooltip, Typography } from 'antd';
import { PrinterOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { onEvent } from '../api/client';
import { useApp } from '../stores/app';
import { useCan, useSession } from '../stores/session';
import { NOTICE_KINDS, useNotices, type NoticeKind } from '../stores/notices';
import { BUCKETS, PROMISE_FILTERS, useCollections, type Bucket, type PromiseFilter, type QueueRow } from '../stores/collections';
import { ProblemAlert } from '../components/ApplicationParts';
import { CaseStatusTag, DaysPastDue, LadderStep, PromiseTag } from '../components/CollectionParts';
import { Money } from '../components/Money';
import { PdfPreview } from '../components/PdfPreview';
import { formatDateTime } from '../format';
import { ComingPage } from './ComingPage';
import { CollectionCase } from './CollectionCase';
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
                : result && t('collections.batch.done', { count: result.count, pages: result.pages, number: result.number ?? '' })}
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

/** Opens a case from the queue by keyboard or mouse. */
const openCase = (id: string) => void useCollections.getState().open(id);

function Queue({ onBatch }: { onBatch: (() => void) | null }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const userId = useSession((s) => s.user?.userId ?? null);
  const readsUsers = useCan('users.read');
  const { filters, rows, next, loading, queueError, collectors, setFilters, load, loadCollectors } = useCollections();
  useEffect(() => {
    void load();
    void loadCollectors();
  }, [load, loadCollectors, userId]);
  const columns: ColumnsType<QueueRow> = useMemo(
    () => [
      {
        title: t('collections.queue.loan'),
        dataIndex: 'loanNumber',
        width: 150,
        render: (n: string, r) => (
          <a className="num" onClick={() => openCase(r.id)} data-testid="case-link">
            {n}
          </a>
        ),
      },
      { title: t('collections.queue.borrower'), dataIndex: 'customerName', ellipsis: true },
      {
        title: t('collections.queue.dpd'),
        key: 'dpd',
        width: 150,
        align: 'right',
        render: (_: unknown, r) => <DaysPastDue dpd={r.daysPastDue} bucket={r.bucket} />,
      },
      {
        title: t('collections.queue.outstanding'),
        dataIndex: 'outstandingPrincipal',
        width: 130,
        align: 'right',
        render: (v: string | null) => (v === null ? '—' : <Money value={v} />),
      },
      { title: t('collections.queue.ladder'), dataIndex: 'ladderStep', width: 150, ellipsis: true, render: (s: string | null) => <LadderStep step={s} /> },
      {
        title: t('collections.queue.lastContact'),
        key: 'lastContact',
        width: 150,
        render: (_: unknown, r) =>
          r.lastContactAt ? (
            <span className="num">{formatDateTime(r.lastContactAt, lang)}</span>
          ) : (
            <Typography.Text type="secondary">{t('collections.queue.never')}</Typography.Text>
          ),
      },
      {
        title: t('collections.queue.promise'),
        key: 'promise',
        width: 150,
        render: (_: unknown, r) => (
          <Space size={4}>
            <PromiseTag state={r.promiseState} />
            {r.pendingPromiseDate && <span className="num">{r.pendingPromiseDate}</span>}
            {r.brokenPromises > 0 && (
              <Tooltip title={t('collections.queue.brokenCount', { count: r.brokenPromises })}>
                <span className="num broken-count">{t('collections.queue.brokenTimes', { count: r.brokenPromises })}</span>
              </Tooltip>
            )}
          </Space>
        ),
      },
      {
        title: t('collections.queue.assigned'),
        key: 'assigned',
        width: 120,
        ellipsis: true,
        render: (_: unknown, r) => (
          <Space size={4}>
            {r.status === 'legal' && <CaseStatusTag status="legal" />}
            {r.assignedName ?? <Typography.Text type="secondary">{t('collections.queue.unassigned')}</Typography.Text>}
          </Space>
        ),
      },
      { title: t('collections.queue.priority'), dataIndex: 'priority', width: 72, align: 'right', render: (p: number) => <span className="num muted-figure">{p}</span> },
    ],
    [t, lang],
  );
  const staffOptions = [
    { value: 'mine', label: t('collections.queue.staffMine') },
    { value: 'all', label: t('collections.queue.staffAll') },
    { value: 'none', label: t('collections.queue.staffNone') },
    ...(readsUsers ? collectors.filter((c) => c.id !== userId).map((c) => ({ value: c.id, label: c.name })) : []),
  ];
  return (
    <Card
      size="small"
      title={t('collections.queue.title')}
      data-testid="collections-queue"
      extra={
        onBatch && (
          <Button icon={<PrinterOutlined />} onClick={onBatch} data-testid="open-batch">
            {t('collections.queue.batch')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size={8}>
        <Flex wrap gap={16} align="center" className="queue-filters">
          <Space size={6}>
            <label htmlFor="cq-bucket">{t('collections.queue.filterBucket')}</label>
            <Select
              id="cq-bucket"
              data-testid="cq-bucket"
              style={{ width: 130 }}
              listHeight={320}
              value={filters.bucket ?? ''}
              onChange={(b: Bucket | '') => void setFilters({ bucket: b === '' ? null : b })}
              options={[{ value: '', label: t('collections.queue.anyBucket') }, ...BUCKETS.map((b) => ({ value: b, label: t(`collections.buckets.${b}`) }))]}
            />
          </Space>
          <Space size={6}>
            <label htmlFor="cq-staff">{t('collections.queue.filterStaff')}</label>
            <Select id="cq-staff" data-testid="cq-staff" style={{ width: 150 }} value={filters.staff} onChange={(staff: string) => void setFilters({ staff })} options={staffOptions} />
          </Space>
          <Space size={6}>
            <label htmlFor="cq-promise">{t('collections.queue.filterPromise')}</label>
            <Select
              id="cq-promise"
              data-testid="cq-promise"
              style={{ width: 130 }}
              value={filters.promise ?? ''}
              onChange={(p: PromiseFilter | '') => void setFilters({ promise: p === '' ? null : p })}
              options={[{ value: '', label: t('collections.queue.anyPromise') }, ...PROMISE_FILTERS.map((p) => ({ value: p, label: t(`collections.promiseFilters.${p}`) }))]}
            />
          </Space>
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void load()} data-testid="cq-refresh">
            {t('collections.queue.refresh')}
          </Button>
        </Flex>
        <ProblemAlert problem={queueError} testId="cq-error" />
        <Table<QueueRow>
          size="small"
          virtual
          loading={loading}
          rowKey="id"
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ y: 440 }}
          data-testid="cq-table"
          locale={{ emptyText: <Empty description={t('collections.queue.empty')} /> }}
          onRow={(r) =>
            ({
              onDoubleClick: () => openCase(r.id),
              onKeyDown: (e: React.KeyboardEvent) => e.key === 'Enter' && openCase(r.id),
              tabIndex: 0,
              'data-testid': 'case-row',
              'data-bucket': r.bucket,
              'data-promise': r.promiseState,
              className: r.promiseState === 'broken' ? 'case-row broken' : 'case-row',
            }) as React.HTMLAttributes<HTMLElement>
          }
          onScroll={(e) => {
            const el = e.currentTarget;
            if (next && !loading && el.scrollTop + el.clientHeight > el.scrollHeight - 200) void load(true);
          }}
        />
        <Flex justify="space-between">
          <Typography.Text type="secondary" data-testid="cq-count">
            {next ? t('collections.queue.rowsMore', { count: rows.length }) : t('collections.queue.rows', { count: rows.length })}
          </Typography.Text>
          {next && (
            <Button size="small" onClick={() => void load(true)} data-testid="cq-more">
              {t('collections.queue.more')}
            </Button>
          )}
        </Flex>
      </Space>
    </Card>
  );
}

export function CollectionsPage() {
  const readsCases = useCan('collections.read');
  const printsNotices = useCan('notices.print');
  const openId = useCollections((s) => s.openId);
  const view = useCollections((s) => s.view);
  const viewError = useCollections((s) => s.viewError);
  const batchRef = useRef<HTMLDivElement>(null);
  if (!readsCases && !printsNotices) return <ComingPage page="collections" />;
  if (readsCases && openId) return view ? <CollectionCase view={view} /> : viewError ? <ProblemAlert problem={viewError} testId="case-error" /> : <Spin className="desk-loading" />;
  // The batch panel sits under the queue; its button in the queue's header brings it into view.
  const toBatch = () => {
    batchRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    document.getElementById('batch-days')?.focus({ preventScroll: true });
  };
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="collections-page">
      {readsCases && <Queue onBatch={printsNotices ? toBatch : null} />}
      {printsNotices && (
        <div ref={batchRef} className="batch-anchor">
          <BatchPanel />
        </div>
      )}
    </Space>
  );
}
