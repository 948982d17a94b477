/**
 * The end-of-day panel, opened from the business date in the header (Alt+D): where the business day
 * stands, what the last closes found (the book by bucket and by five-category class with provisions,
 * cases opened, promises kept and broken, dunning events, warnings), and, for those who may close
 * the day (eod.run), "Close the day" and "Close up to a date", each confirmed first, with the
 * engine's progress as a bar and a Cancel button.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wordFor, type WordGroup } from '../i18n/words';
import { Alert, Button, Card, DatePicker, Descriptions, Drawer, Empty, Flex, Modal, Progress, Space, Table, Tag, Typography, type ButtonProps } from 'antd';
import { FastForwardOutlined, ReloadOutlined, StopOutlined, SyncOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { onEvent } from '../api/client';
import { useApp } from '../stores/app';
import { useCan } from '../stores/session';
import { useEod, type EodRun, type EodSummary } from '../stores/eod';
import { addDays, daysBetween, formatDateTime, formatLongDate } from '../format';
import { ProblemAlert } from './ApplicationParts';
import { BucketTag, CategoryTag } from './CollectionParts';
import { Money } from './Money';

const overlayRoot = (): HTMLElement => document.getElementById('overlay-root') ?? document.body;

const BUCKET_ORDER = ['current', '1-30', '31-60', '61-90', '91-180', '181-360', '>360'];
const CATEGORY_ORDER = ['normal', 'special', 'substandard', 'doubtful', 'loss'];

interface CategoryRow {
  category: string;
  loans: number;
  balance: string;
  provision: string;
}

/** What one close found, as the engine summed it. */
export function EodSummaryView({ summary, testId }: { summary: EodSummary; testId?: string }) {
  const { t } = useTranslation();
  const buckets = BUCKET_ORDER.filter((b) => summary.byBucket[b] !== undefined).map((b) => ({ bucket: b, loans: summary.byBucket[b] as number }));
  const categories: CategoryRow[] = CATEGORY_ORDER.filter((c) => summary.byCategory[c]).map((c) => ({ category: c, ...(summary.byCategory[c] as Omit<CategoryRow, 'category'>) }));
  const bucketColumns: ColumnsType<(typeof buckets)[number]> = [
    { title: t('eod.bucket'), dataIndex: 'bucket', render: (b: string) => <BucketTag bucket={b} /> },
    { title: t('eod.loans'), dataIndex: 'loans', align: 'right', render: (n: number) => <span className="num">{n}</span> },
  ];
  const categoryColumns: ColumnsType<CategoryRow> = [
    { title: t('eod.category'), dataIndex: 'category', render: (c: string) => <CategoryTag category={c} /> },
    { title: t('eod.loans'), dataIndex: 'loans', align: 'right', render: (n: number) => <span className="num">{n}</span> },
    { title: t('eod.balance'), dataIndex: 'balance', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: t('eod.provision'), dataIndex: 'provision', align: 'right', render: (v: string) => <Money value={v} /> },
  ];
  const counts = (record: Record<string, number>, prefix: WordGroup) => {
    const entries = Object.entries(record).filter(([, n]) => n > 0);
    if (entries.length === 0) return <span className="muted">—</span>;
    return (
      <Space size={[4, 4]} wrap>
        {entries.map(([k, n]) => (
          <Tag key={k} className="count-tag">
            {wordFor(t, prefix, k)} <span className="num">{n}</span>
          </Tag>
        ))}
      </Space>
    );
  };
  return (
    <div className="eod-summary" data-testid={testId}>
      <Descriptions
        size="small"
        column={3}
        items={[
          { key: 'loans', label: t('eod.loansProcessed'), children: <span className="num" data-testid="eod-loans">{summary.loans}</span> },
          { key: 'overdue', label: t('eod.newlyOverdue'), children: <span className={`num${summary.newlyOverdue > 0 ? ' figure-late' : ''}`}>{summary.newlyOverdue}</span> },
          { key: 'changes', label: t('eod.classificationChanges'), children: <span className="num">{summary.classificationChanges}</span> },
          { key: 'opened', label: t('eod.casesOpened'), children: <span className="num">{summary.casesOpened}</span> },
          { key: 'closed', label: t('eod.casesClosed'), children: <span className="num">{summary.casesClosed}</span> },
          {
            key: 'promises',
            label: t('eod.promises'),
            children: (
              <Space size={4}>
                <Tag color="green" className="count-tag">{t('eod.kept')} <span className="num">{summary.promises.kept}</span></Tag>
                <Tag color={summary.promises.broken > 0 ? 'red' : 'default'} className="count-tag">{t('eod.broken')} <span className="num">{summary.promises.broken}</span></Tag>
              </Space>
            ),
          },
          { key: 'dunning', label: t('eod.dunning'), span: 3, children: counts(summary.dunning, 'collections.ladder') },
          { key: 'warnings', label: t('eod.warnings'), span: 3, children: counts(summary.warnings, 'eod.warningKinds') },
        ]}
      />
      <Flex gap={12} wrap className="eod-tables">
        <Table
          className="eod-buckets"
          size="small"
          rowKey="bucket"
          pagination={false}
          columns={bucketColumns}
          dataSource={buckets}
          title={() => t('eod.byBucket')}
          data-testid="eod-buckets"
        />
        <Table<CategoryRow>
          className="eod-categories"
          size="small"
          rowKey="category"
          pagination={false}
          columns={categoryColumns}
          dataSource={categories}
          title={() => t('eod.byCategory')}
          data-testid="eod-categories"
          summary={() => (
            <>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={3}>{t('eod.specific')}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right"><Money value={summary.provisions.specific} /></Table.Summary.Cell>
              </Table.Summary.Row>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={3}>{t('eod.general')}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right"><Money value={summary.provisions.general} /></Table.Summary.Cell>
              </Table.Summary.Row>
              <Table.Summary.Row className="total-row">
                <Table.Summary.Cell index={0} colSpan={3}>{t('eod.totalProvision')}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right"><Money value={summary.provisions.total} testId="eod-provision-total" /></Table.Summary.Cell>
              </Table.Summary.Row>
            </>
          )}
        />
      </Flex>
    </div>
  );
}

function RunsTable({ runs }: { runs: EodRun[] }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const columns: ColumnsType<EodRun> = useMemo(
    () => [
      {
        title: t('eod.day'),
        key: 'day',
        width: 190,
        render: (_: unknown, r) => (
          <span className="num">
            {r.businessDate} → {r.nextDate}
          </span>
        ),
      },
      { title: t('eod.finished'), dataIndex: 'finishedAt', width: 140, render: (at: string) => <span className="num">{formatDateTime(at, lang)}</span> },
      { title: t('eod.loans'), key: 'loans', align: 'right', render: (_: unknown, r) => <span className="num">{r.summary.loans}</span> },
      { title: t('eod.newlyOverdue'), key: 'overdue', align: 'right', render: (_: unknown, r) => <span className="num">{r.summary.newlyOverdue}</span> },
      { title: t('eod.casesOpened'), key: 'cases', align: 'right', render: (_: unknown, r) => <span className="num">{r.summary.casesOpened}</span> },
      {
        title: t('eod.promisesShort'),
        key: 'promises',
        align: 'right',
        render: (_: unknown, r) => (
          <span className="num">
            {r.summary.promises.kept} / <span className={r.summary.promises.broken > 0 ? 'figure-late' : undefined}>{r.summary.promises.broken}</span>
          </span>
        ),
      },
      { title: t('eod.totalProvision'), key: 'provision', align: 'right', render: (_: unknown, r) => <Money value={r.summary.provisions.total} /> },
    ],
    [t, lang],
  );
  return (
    <Table<EodRun>
      size="small"
      rowKey="businessDate"
      pagination={false}
      columns={columns}
      dataSource={runs}
      data-testid="eod-runs"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('eod.noRuns')} /> }}
      expandable={{ expandedRowRender: (r) => <EodSummaryView summary={r.summary} />, expandRowByClick: true, rowExpandable: () => true }}
      onRow={(r) => ({ 'data-testid': 'eod-run', 'data-date': r.businessDate }) as React.HTMLAttributes<HTMLElement>}
    />
  );
}

function RunControls() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { status, running, cancelling, from, days, day, step, done, total, run, cancel, toError, result } = useEod();
  const [confirm, setConfirm] = useState<'one' | 'to' | null>(null);
  const [to, setTo] = useState('');
  const date = status?.businessDate ?? '';
  const blocked = running || !!status?.running;
  // The whole close as one bar: the days already closed and the steps of the one under way.
  const dayIndex = from && day ? Math.max(0, daysBetween(from, day)) : 0;
  const finished = !running && result !== null;
  const percent = finished ? 100 : total > 0 ? Math.min(100, Math.floor(((dayIndex * total + done) * 100) / (Math.max(days, 1) * total))) : 0;
  return (
    <Card size="small" title={t('eod.closeTitle')} data-testid="eod-controls">
      <Space orientation="vertical" size={10} style={{ width: '100%' }}>
        <Flex wrap gap={12} align="center">
          <Button type="primary" icon={<SyncOutlined />} disabled={blocked || !date} onClick={() => setConfirm('one')} data-testid="eod-close-day">
            {t('eod.closeDay')}
          </Button>
          <Space size={6} align="center">
            <label htmlFor="eod-to">{t('eod.closeTo')}</label>
            <DatePicker
              id="eod-to"
              data-testid="eod-to"
              status={toError ? 'error' : undefined}
              value={to ? dayjs(to) : null}
              onChange={(d: dayjs.Dayjs | null) => setTo(d ? d.format('YYYY-MM-DD') : '')}
              disabledDate={(d) => (date ? d.format('YYYY-MM-DD') <= date : false)}
              disabled={blocked}
              getPopupContainer={overlayRoot}
            />
            <Button icon={<FastForwardOutlined />} disabled={blocked || !to || to <= date} onClick={() => setConfirm('to')} data-testid="eod-close-to">
              {t('eod.closeToButton')}
            </Button>
          </Space>
          {running && (
            <Button danger icon={<StopOutlined />} loading={cancelling} onClick={() => void cancel()} data-testid="eod-cancel">
              {t('eod.cancel')}
            </Button>
          )}
        </Flex>
        {toError && <Typography.Text type="danger">{toError}</Typography.Text>}
        {!running && status?.running && <Alert type="info" showIcon title={t('eod.runningElsewhere')} />}
        {(running || finished) && (
          <div data-testid="eod-progress" data-state={running ? 'running' : 'done'} data-done={done} data-total={total} data-percent={percent}>
            <Progress percent={percent} status={running ? 'active' : 'success'} />
            <Typography.Text type="secondary" className="num" data-testid="eod-status">
              {finished
                ? t('eod.finishedStatus', { count: result?.length ?? 0 })
                : cancelling
                  ? t('eod.cancelling')
                  : total > 0
                    ? t('eod.progress', { date: day, step: wordFor(t, 'eod.steps', step), done, total, n: dayIndex + 1, days })
                    : t('eod.starting')}
            </Typography.Text>
          </div>
        )}
        <Typography.Text type="secondary" className="card-hint">
          {t('eod.hint')}
        </Typography.Text>
      </Space>
      <Modal
        open={confirm !== null}
        title={t('eod.confirmTitle')}
        okText={confirm === 'to' ? t('eod.confirmToOk') : t('eod.confirmOk')}
        cancelText={t('eod.cancelConfirm')}
        onOk={() => {
          const target = confirm === 'to' ? to : undefined;
          setConfirm(null);
          void run(target);
        }}
        onCancel={() => setConfirm(null)}
        getContainer={overlayRoot}
        okButtonProps={{ 'data-testid': 'eod-confirm-ok' } as ButtonProps}
      >
        <div data-testid="eod-confirm">
          {confirm === 'to'
            ? t('eod.confirmTo', { from: date && formatLongDate(date, lang), to: to && formatLongDate(to, lang), count: date && to ? daysBetween(date, to) : 0 })
            : t('eod.confirmOne', { date: date && formatLongDate(date, lang), next: date && formatLongDate(addDays(date, 1), lang) })}
        </div>
      </Modal>
    </Card>
  );
}

export function EodPanel() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const runsDays = useCan('eod.run');
  const { open, setOpen, status, statusError, load, progress, result, cancelled, problem, running } = useEod();
  // The engine pushes the close's progress while it runs.
  useEffect(() => (open || running ? onEvent(progress) : undefined), [open, running, progress]);
  const last = result?.at(-1);
  return (
    <Drawer
      open={open}
      size={860}
      title={t('eod.title')}
      onClose={() => setOpen(false)}
      getContainer={overlayRoot}
      data-testid="eod-panel"
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void load()}>
          {t('eod.reload')}
        </Button>
      }
    >
      <Space orientation="vertical" size={10} style={{ width: '100%' }}>
        <Flex align="baseline" gap={12} wrap>
          <Typography.Text type="secondary">{t('eod.businessDate')}</Typography.Text>
          <span className="eod-date num" data-testid="eod-business-date" data-date={status?.businessDate ?? ''}>
            {status?.businessDate ? formatLongDate(status.businessDate, lang) : '—'}
          </span>
          {(running || status?.running) && <Tag color="processing">{t('eod.runningTag')}</Tag>}
        </Flex>
        <ProblemAlert problem={statusError} />
        {runsDays && <RunControls />}
        {cancelled && <Alert type="warning" showIcon title={problem && typeof problem !== 'string' ? problem.body.message : t('eod.cancelled')} data-testid="eod-cancelled" />}
        {!cancelled && <ProblemAlert problem={problem} testId="eod-error" />}
        {result && last && (
          <Card size="small" title={t('eod.doneTitle')} data-testid="eod-result" data-days={result.length}>
            <Alert
              type="success"
              showIcon
              className="eod-done"
              data-testid="eod-done"
              title={
                result.length === 1
                  ? t(last.alreadyClosed ? 'eod.doneAlready' : 'eod.doneOne', { date: last.businessDate, next: last.nextDate })
                  : t('eod.doneMany', { count: result.length, from: result[0]?.businessDate ?? '', next: last.nextDate })
              }
            />
            <EodSummaryView summary={last} testId="eod-result-summary" />
          </Card>
        )}
        <Card size="small" title={t('eod.lastRuns')}>
          <RunsTable runs={status?.runs ?? []} />
        </Card>
      </Space>
    </Drawer>
  );
}
