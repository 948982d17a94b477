/**
 * The loans section (Alt+4): a loan found by its number (or opened from a customer, a disbursed
 * application or a collection case), and the loan page: its facts, balances on the business date,
 * the schedule with paid / due / overdue states by colour and word, the ledger with each
 * transaction's allocation, the payoff quote for a date, a repayment or prepayment whose split the
 * engine previews before it is posted, and waivers, reversals, write-off, recoveries and draws for
 * those who may. Every figure is the engine's.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wordFor } from '../i18n/words';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Flex, Form, Input, Modal, Radio, Row, Segmented, Space, Spin, Table, Tag, Typography, type ButtonProps } from 'antd';
import { ArrowLeftOutlined, CalculatorOutlined, EyeOutlined, PhoneOutlined, ReloadOutlined, RollbackOutlined, SearchOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useApp } from '../stores/app';
import { useCan } from '../stores/session';
import { useCustomers } from '../stores/customers';
import { errorsOf, useApplications, type Problem } from '../stores/applications';
import { openCollectionCase } from '../stores/collections';
import { call } from '../api/client';
import {
  RECAST_CHOICES,
  useLoans,
  type ActionInput,
  type ActionKind,
  type LedgerEntry,
  type LoanView,
  type PaymentMode,
  type RecentLoan,
  type Recast,
  type ScheduleRow,
  type Split,
} from '../stores/loans';
import { ProblemAlert } from '../components/ApplicationParts';
import { CategoryTag } from '../components/CollectionParts';
import { Money, Percent } from '../components/Money';
import { formatDateTime, formatMoney } from '../format';
import { ComingPage } from './ComingPage';

const overlayRoot = (): HTMLElement => document.getElementById('overlay-root') ?? document.body;

const STATUS_COLOURS: Record<string, string> = { active: 'processing', closed: 'green', written_off: 'volcano' };
/** Overdue red, due today amber, paid green; the word always beside the colour. */
const INSTALLMENT_COLOURS: Record<string, string> = { paid: 'green', partial: 'blue', overdue: 'red', due: 'gold', upcoming: 'default' };
const KIND_COLOURS: Record<string, string> = { disbursement: 'blue', repayment: 'green', prepayment: 'cyan', draw: 'geekblue', waiver: 'gold', reversal: 'volcano', write_off: 'red', recovery: 'purple' };

const isZero = (v: string): boolean => /^-?0(\.0+)?$/.test(v);

export function LoanStatusTag({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status] ?? 'default'} data-testid={testId} data-status={status}>
      {wordFor(t, 'loans.statuses', status)}
    </Tag>
  );
}

function InstallmentTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={INSTALLMENT_COLOURS[status] ?? 'default'} className="small-tag" data-status={status}>
      {wordFor(t, 'loans.installmentStates', status)}
    </Tag>
  );
}

function Dpd({ days, testId }: { days: number; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`num dpd-days${days > 0 ? ' late' : ''}`} data-testid={testId} data-dpd={days}>
      {t('collections.dpdValue', { count: days })}
    </span>
  );
}

// ---------------------------------------------------------------- lookup

function Lookup() {
  const { t } = useTranslation();
  const { lookup, lookupError, looking, recent, setLookup, find, open } = useLoans();
  const columns: ColumnsType<RecentLoan> = [
    {
      title: t('loans.lookup.number'),
      dataIndex: 'number',
      render: (n: string, r) => (
        <a className="num" onClick={() => void open(r.id)} data-testid="recent-loan">
          {n}
        </a>
      ),
    },
    { title: t('loans.lookup.borrower'), dataIndex: 'customerName' },
    { title: t('loans.lookup.status'), dataIndex: 'status', render: (s: string) => <LoanStatusTag status={s} /> },
  ];
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="loans-lookup">
      <Card size="small" title={t('loans.lookup.title')}>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Flex gap={8} align="center" wrap>
            <label htmlFor="loan-lookup">{t('loans.lookup.label')}</label>
            <Input
              id="loan-lookup"
              data-testid="loan-lookup"
              className="num-code loan-lookup-input"
              autoFocus
              autoComplete="off"
              placeholder={t('loans.lookup.placeholder')}
              status={lookupError ? 'error' : undefined}
              value={lookup}
              onChange={(e) => setLookup(e.target.value)}
              onPressEnter={() => void find()}
            />
            <Button type="primary" icon={<SearchOutlined />} loading={looking} onClick={() => void find()} data-testid="loan-lookup-open">
              {t('loans.lookup.open')}
            </Button>
          </Flex>
          <ProblemAlert problem={lookupError} testId="loan-lookup-error" />
          <Typography.Text type="secondary" className="card-hint">
            {t('loans.lookup.hint')}
          </Typography.Text>
        </Space>
      </Card>
      <Card size="small" title={t('loans.lookup.recent')}>
        <Table<RecentLoan> size="small" rowKey="id" pagination={false} columns={columns} dataSource={recent} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('loans.lookup.empty')} /> }} />
      </Card>
    </Space>
  );
}

// ---------------------------------------------------------------- the loan page

function HeaderCard({ view }: { view: LoanView }) {
  const { t } = useTranslation();
  const setPage = useApp((s) => s.setPage);
  const lang = useApp((s) => s.lang);
  const l = view.loan;
  const openCustomer = () => {
    void useCustomers.getState().open(l.customerId);
    setPage('customers');
  };
  const openApplication = () => {
    if (!l.applicationId) return;
    void useApplications.getState().open(l.applicationId);
    setPage('applications');
  };
  const revolving = l.method === 'revolving';
  return (
    <Card
      size="small"
      title={
        <Space size={12} wrap>
          <span className="num app-number" data-testid="loan-number">{l.number}</span>
          <LoanStatusTag status={l.status} testId="loan-status" />
          <a onClick={openCustomer} data-testid="loan-borrower">
            {l.customerName}
          </a>
        </Space>
      }
      extra={
        <Space size={8}>
          <Typography.Text type="secondary">{t('loans.header.dpd')}</Typography.Text>
          <Dpd days={view.balances.daysPastDue} testId="loan-dpd" />
          <span data-testid="loan-category">
            <CategoryTag category={l.fiveCategory} />
          </span>
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={4}
        items={[
          { key: 'product', label: t('loans.header.product'), children: lang === 'zh-CN' ? l.product.zh : l.product.en, span: 2 },
          { key: 'method', label: t('loans.header.method'), children: wordFor(t, 'methods', l.method) },
          { key: 'rate', label: t('loans.header.rate'), children: <Percent value={l.annualRate} places={2} testId="loan-rate" /> },
          revolving
            ? { key: 'limit', label: t('loans.header.creditLimit'), children: l.creditLimit ? <Money value={l.creditLimit} /> : '—' }
            : { key: 'principal', label: t('loans.header.principal'), children: <Money value={l.principal} testId="loan-principal" /> },
          { key: 'received', label: t('loans.header.received'), children: <Money value={l.amountReceived} /> },
          { key: 'term', label: t('loans.header.term'), children: <span className="num">{t('loans.header.termValue', { count: l.term })}</span> },
          { key: 'penalty', label: t('loans.header.penaltyRate'), children: <Percent value={l.penaltyRate} places={2} /> },
          { key: 'disbursed', label: t('loans.header.disbursed'), children: <span className="num">{l.disbursementDate}</span> },
          { key: 'firstDue', label: t('loans.header.firstDue'), children: <span className="num">{l.firstDueDate ?? '—'}</span> },
          { key: 'maturity', label: t('loans.header.maturity'), children: <span className="num">{l.maturityDate}</span> },
          l.closedDate
            ? { key: 'closed', label: t('loans.header.closedOn'), children: <span className="num">{l.closedDate}</span> }
            : { key: 'recast', label: t('loans.header.recastChoice'), children: revolving ? '—' : wordFor(t, 'loans.payment.recasts', l.recastChoice) },
          ...(l.applicationId
            ? [{ key: 'application', label: t('loans.header.application'), children: <a onClick={openApplication} data-testid="loan-application">{t('loans.header.openApplication')}</a> }]
            : []),
        ]}
      />
    </Card>
  );
}

function BalancesCard({ view }: { view: LoanView }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const m = (v: string) => formatMoney(v, lang);
  const b = view.balances;
  const revolving = view.loan.method === 'revolving';
  const detail = (a: { principal: string; interest: string; fee: string; penalty: string }) => (
    <span className="num balance-detail">{t('loans.balances.detail', { principal: m(a.principal), interest: m(a.interest), fee: m(a.fee), penalty: m(a.penalty) })}</span>
  );
  const overdue = !isZero(b.overdue.total);
  const capped = b.penalty.cap !== null && b.penalty.uncapped !== b.penalty.charged;
  return (
    <Card size="small" title={t('loans.balances.title', { date: view.businessDate })} data-testid="loan-balances">
      <Descriptions
        size="small"
        column={2}
        items={[
          { key: 'outstanding', label: t('loans.balances.outstanding'), children: <strong><Money value={b.outstandingPrincipal} testId="bal-outstanding" /></strong> },
          {
            key: 'overdue',
            label: t('loans.balances.overdue'),
            children: overdue ? (
              <Space size={0} orientation="vertical">
                <span className="figure-late"><Money value={b.overdue.total} testId="bal-overdue" /></span>
                {detail(b.overdue)}
              </Space>
            ) : (
              <span className="muted" data-testid="bal-overdue">{t('loans.balances.none')}</span>
            ),
          },
          { key: 'oldest', label: t('loans.balances.oldestUnpaid'), children: <span className="num">{b.oldestUnpaidDueDate ?? '—'}</span> },
          {
            key: 'dueToday',
            label: t('loans.balances.dueToday'),
            children: isZero(b.dueToday.total) ? (
              <span className="muted">{t('loans.balances.none')}</span>
            ) : (
              <Space size={0} orientation="vertical">
                <span className="figure-due"><Money value={b.dueToday.total} testId="bal-due-today" /></span>
                {detail(b.dueToday)}
              </Space>
            ),
          },
          { key: 'dpd', label: t('loans.balances.dpd'), children: <Dpd days={b.daysPastDue} /> },
          {
            key: 'penalty',
            label: t('loans.balances.penaltyCharged'),
            children: (
              <Space size={8}>
                <Money value={b.penalty.charged} />
                {capped && b.penalty.cap && <Tag color="gold" className="small-tag">{t('loans.balances.penaltyCapped', { cap: m(b.penalty.cap) })}</Tag>}
              </Space>
            ),
          },
          ...(b.payoff ? [{ key: 'payoff', label: t('loans.balances.payoffToday'), children: <Money value={b.payoff.total} testId="bal-payoff" /> }] : []),
          ...(revolving
            ? [
                { key: 'lineInterest', label: t('loans.balances.lineInterest'), children: <Money value={b.lineInterest} /> },
                { key: 'available', label: t('loans.balances.available'), children: b.available ? <Money value={b.available} /> : '—' },
              ]
            : []),
          ...(!isZero(b.writtenOff.total)
            ? [
                { key: 'writtenOff', label: t('loans.balances.writtenOff'), children: <Money value={b.writtenOff.total} /> },
                { key: 'recovered', label: t('loans.balances.recovered'), children: <Money value={b.recovered.total} /> },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function ScheduleCard({ view }: { view: LoanView }) {
  const { t } = useTranslation();
  const hasFees = view.schedule.some((r) => !isZero(r.due.fee));
  const columns: ColumnsType<ScheduleRow> = useMemo(
    () => [
      { title: t('table.n'), dataIndex: 'n', width: 52, align: 'right', render: (n: number) => <span className="num">{n}</span> },
      { title: t('table.dueDate'), dataIndex: 'dueDate', width: 100, render: (d: string) => <span className="num">{d}</span> },
      { title: t('loans.schedule.status'), dataIndex: 'status', width: 96, render: (s: string) => <InstallmentTag status={s} /> },
      { title: t('table.principal'), key: 'principal', align: 'right', render: (_: unknown, r) => <Money value={r.due.principal} /> },
      { title: t('table.interest'), key: 'interest', align: 'right', render: (_: unknown, r) => <Money value={r.due.interest} /> },
      ...(hasFees ? [{ title: t('table.fee'), key: 'fee', align: 'right' as const, render: (_: unknown, r: ScheduleRow) => <Money value={r.due.fee} /> }] : []),
      { title: t('loans.schedule.penalty'), key: 'penalty', align: 'right', render: (_: unknown, r) => (isZero(r.due.penalty) ? <span className="muted">—</span> : <Money value={r.due.penalty} />) },
      { title: t('loans.schedule.due'), key: 'due', align: 'right', render: (_: unknown, r) => <strong><Money value={r.due.total} /></strong> },
      { title: t('loans.schedule.paid'), key: 'paid', align: 'right', render: (_: unknown, r) => (isZero(r.paid.total) ? <span className="muted">—</span> : <span className="figure-paid"><Money value={r.paid.total} /></span>) },
      {
        title: t('loans.schedule.remaining'),
        key: 'remaining',
        align: 'right',
        render: (_: unknown, r) => (isZero(r.remaining.total) ? <span className="muted">—</span> : <span className={r.status === 'overdue' ? 'figure-late' : undefined}><Money value={r.remaining.total} /></span>),
      },
      { title: t('loans.schedule.paidDate'), dataIndex: 'paidDate', width: 100, render: (d: string | null) => <span className="num">{d ?? ''}</span> },
    ],
    [t, hasFees],
  );
  return (
    <Card size="small" title={t('loans.schedule.title', { count: view.schedule.length })} data-testid="loan-schedule">
      <Table<ScheduleRow>
        size="small"
        rowKey="n"
        pagination={false}
        columns={columns}
        dataSource={view.schedule}
        virtual={view.schedule.length > 60}
        scroll={view.schedule.length > 14 ? { y: 420 } : undefined}
        rowClassName={(r) => `installment-row ${r.status}`}
        onRow={(r) => ({ 'data-testid': 'schedule-row', 'data-n': r.n, 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

/** One transaction's allocation, line by line: only the parts it moved. */
function Allocation({ entry }: { entry: LedgerEntry }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const parts = (a: LedgerEntry['allocations'][number]) =>
    (['penalty', 'fee', 'interest', 'principal'] as const)
      .filter((c) => !isZero(a[c]))
      .map((c) => `${c === 'penalty' ? t('loans.schedule.penalty') : t(`table.${c}`)} ${formatMoney(a[c], lang)}`)
      .join(lang === 'zh-CN' ? '，' : ', ');
  if (entry.kind === 'disbursement' || entry.kind === 'draw') return null;
  return (
    <ul className="allocation-list num">
      {entry.allocations.map((a) => (
        <li key={a.n}>
          <span className="line-label">{a.n === 0 ? t('loans.ledger.prepaidRow') : t('loans.ledger.line', { n: a.n })}</span>
          {parts(a)}
        </li>
      ))}
    </ul>
  );
}

function LedgerCard({ view, onReverse }: { view: LoanView; onReverse: (e: LedgerEntry) => void }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  // The engine names the one posting the caller may reverse now, if any.
  const reversible = view.actions.reverse;
  const columns: ColumnsType<LedgerEntry> = useMemo(
    () => [
      { title: t('loans.ledger.id'), dataIndex: 'id', width: 90, render: (id: string) => <span className="num muted-figure">{id.slice(id.lastIndexOf('.') + 1)}</span> },
      { title: t('loans.ledger.valueDate'), dataIndex: 'valueDate', width: 100, render: (d: string) => <span className="num">{d}</span> },
      {
        title: t('loans.ledger.kind'),
        key: 'kind',
        width: 150,
        render: (_: unknown, e) => (
          <Space size={4} wrap>
            <Tag color={KIND_COLOURS[e.kind] ?? 'default'} className="small-tag">{t(`loans.kinds.${e.kind}`, { defaultValue: e.kind })}</Tag>
            {e.reversed && <Tag className="small-tag" data-testid="ledger-reversed">{t('loans.ledger.reversed')}</Tag>}
          </Space>
        ),
      },
      { title: t('loans.ledger.amount'), dataIndex: 'amount', width: 120, align: 'right', render: (v: string, e) => <span className={e.reversed ? 'reversed-figure' : undefined}><Money value={v} /></span> },
      { title: t('loans.ledger.allocations'), key: 'alloc', render: (_: unknown, e) => <Allocation entry={e} /> },
      {
        title: t('loans.ledger.reason'),
        key: 'about',
        ellipsis: true,
        render: (_: unknown, e) => (
          <Space orientation="vertical" size={0}>
            {e.reversesId && <span>{t('loans.ledger.reverses', { id: e.reversesId.slice(e.reversesId.lastIndexOf('.') + 1) })}</span>}
            {e.recast && <span>{t('loans.ledger.recast', { recast: t(`loans.payment.recasts.${e.recast}`, { defaultValue: e.recast }) })}</span>}
            {e.reference && <span className="num">{e.reference}</span>}
            {e.reason && <span>{e.reason}</span>}
          </Space>
        ),
      },
      {
        title: t('loans.ledger.user'),
        key: 'user',
        width: 150,
        render: (_: unknown, e) => (
          <Space orientation="vertical" size={0}>
            <span>{e.user ?? t('loans.ledger.system')}</span>
            <Typography.Text type="secondary" className="num">{formatDateTime(e.createdAt, lang)}</Typography.Text>
          </Space>
        ),
      },
      {
        title: '',
        key: 'act',
        width: 80,
        align: 'right',
        render: (_: unknown, e) =>
          e.id === reversible ? (
            <Button size="small" type="link" danger icon={<RollbackOutlined />} onClick={() => onReverse(e)} data-testid="ledger-reverse">
              {t('loans.ledger.reverse')}
            </Button>
          ) : null,
      },
    ],
    [t, lang, reversible, onReverse],
  );
  return (
    <Card size="small" title={t('loans.ledger.title', { count: view.ledger.length })} data-testid="loan-ledger">
      <Table<LedgerEntry>
        size="small"
        rowKey="id"
        pagination={false}
        columns={columns}
        dataSource={view.ledger}
        scroll={view.ledger.length > 12 ? { y: 420 } : undefined}
        locale={{ emptyText: t('loans.ledger.empty') }}
        rowClassName={(e) => (e.reversed ? 'ledger-row reversed' : 'ledger-row')}
        onRow={(e) => ({ 'data-testid': 'ledger-row', 'data-kind': e.kind, 'data-id': e.id, 'data-amount': e.amount, 'data-reversed': e.reversed }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

function PayoffCard({ view }: { view: LoanView }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const services = view.actions.pay;
  const { payoffDate, payoff, payoffError, quoting, setPayoffDate, quote, act, actionBusy } = useLoans();
  const [confirming, setConfirming] = useState(false);
  const active = view.loan.status === 'active';
  const future = payoffDate > view.businessDate;
  return (
    <Card size="small" title={<Space size={6}><CalculatorOutlined />{t('loans.payoff.title')}</Space>} data-testid="loan-payoff">
      {!active ? (
        <Typography.Text type="secondary">{t('loans.payoff.closed')}</Typography.Text>
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Flex gap={8} align="center" wrap>
            <label htmlFor="payoff-date">{t('loans.payoff.date')}</label>
            <DatePicker
              id="payoff-date"
              data-testid="payoff-date"
              value={payoffDate ? dayjs(payoffDate) : null}
              onChange={(d: dayjs.Dayjs | null) => setPayoffDate(d ? d.format('YYYY-MM-DD') : '')}
              disabledDate={(d) => d.format('YYYY-MM-DD') < view.loan.disbursementDate}
              getPopupContainer={overlayRoot}
            />
            <Button icon={<CalculatorOutlined />} loading={quoting} onClick={() => void quote()} data-testid="payoff-quote">
              {t('loans.payoff.quote')}
            </Button>
          </Flex>
          <ProblemAlert problem={payoffError} testId="payoff-error" />
          {payoff && (
            <div data-testid="payoff-result" data-date={payoff.date}>
              <Descriptions
                size="small"
                column={2}
                items={[
                  { key: 'principal', label: t('loans.payoff.principal'), children: <Money value={payoff.principal} /> },
                  { key: 'interest', label: t('loans.payoff.interest'), children: <Money value={payoff.interest} /> },
                  { key: 'fees', label: t('loans.payoff.fees'), children: <Money value={payoff.fees} /> },
                  { key: 'penalty', label: t('loans.payoff.penalty'), children: <Money value={payoff.penalty} /> },
                  { key: 'total', label: t('loans.payoff.total'), span: 2, children: <strong><Money value={payoff.total} testId="payoff-total" /></strong> },
                ]}
              />
              {future ? (
                <Typography.Text type="secondary" className="card-hint">{t('loans.payoff.futureHint')}</Typography.Text>
              ) : (
                services && (
                  <Button danger onClick={() => setConfirming(true)} data-testid="payoff-settle">
                    {t('loans.payoff.settle')}
                  </Button>
                )
              )}
            </div>
          )}
        </Space>
      )}
      <Modal
        open={confirming && !!payoff}
        title={t('loans.payoff.settle')}
        okText={t('loans.actions.ok')}
        cancelText={t('loans.actions.cancel')}
        confirmLoading={actionBusy}
        onOk={() => void act('payoff', { date: payoff?.date ?? '' }).then((ok) => ok && setConfirming(false))}
        onCancel={() => setConfirming(false)}
        getContainer={overlayRoot}
        okButtonProps={{ danger: true, 'data-testid': 'payoff-confirm-ok' } as ButtonProps}
      >
        {payoff && t('loans.payoff.confirmSettle', { number: view.loan.number, date: payoff.date, total: formatMoney(payoff.total, lang) })}
        <ActionProblem />
      </Modal>
    </Card>
  );
}

/** The engine's split of a payment, line by line, and what the loan looks like after it. */
function SplitView({ view, split }: { view: LoanView; split: Split }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const m = (v: string) => formatMoney(v, lang);
  type Line = Split['lines'][number];
  const columns: ColumnsType<Line> = [
    { title: t('loans.payment.line'), dataIndex: 'n', render: (n: number) => (n === 0 ? t('loans.ledger.prepaidRow') : <span className="num">{n}</span>) },
    { title: t('loans.schedule.penalty'), dataIndex: 'penalty', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: t('table.fee'), dataIndex: 'fee', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: t('table.interest'), dataIndex: 'interest', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: t('table.principal'), dataIndex: 'principal', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: t('loans.payment.total'), dataIndex: 'total', align: 'right', render: (v: string) => <strong><Money value={v} /></strong> },
  ];
  // Now: picked from the loan as the engine shows it (nothing recomputed).
  const open = view.schedule.filter((r) => r.status !== 'paid');
  const next = open[0];
  const after = split.after;
  const nextText = (n: { n: number; dueDate: string; total: string } | null | undefined, lang: 'now' | 'after') =>
    n ? (
      <span className="num" data-testid={`split-next-${lang}`}>
        {t('loans.payment.nextValue', { n: n.n, date: n.dueDate, total: m(n.total) })}
      </span>
    ) : (
      t('loans.payment.noNext')
    );
  return (
    <div className="split-preview" data-testid="split-preview" data-kind={split.kind}>
      <Typography.Text strong>{t('loans.payment.split', { kind: t(`loans.kinds.${split.kind}`), amount: m(split.amount), date: split.date })}</Typography.Text>
      <Table<Line>
        size="small"
        rowKey="n"
        pagination={false}
        columns={columns}
        dataSource={split.lines}
        onRow={(r) => ({ 'data-testid': 'split-row', 'data-n': r.n, 'data-principal': r.principal, 'data-interest': r.interest, 'data-fee': r.fee, 'data-penalty': r.penalty, 'data-total': r.total }) as React.HTMLAttributes<HTMLElement>}
        summary={() => (
          <Table.Summary.Row className="total-row" data-testid="split-totals">
            <Table.Summary.Cell index={0}>{t('loans.payment.totals')}</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right"><Money value={split.totals.penalty} testId="split-penalty" /></Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right"><Money value={split.totals.fee} testId="split-fee" /></Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right"><Money value={split.totals.interest} testId="split-interest" /></Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right"><Money value={split.totals.principal} testId="split-principal" /></Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right"><strong><Money value={split.amount} testId="split-amount" /></strong></Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      {split.prepaid && (
        <Typography.Text type="secondary" className="num" data-testid="split-prepaid">
          {t('loans.payment.prepaid', { principal: m(split.prepaid.principal), interest: m(split.prepaid.interest) })}
          {split.recast && ` · ${t(`loans.payment.recasts.${split.recast}`)}`}
        </Typography.Text>
      )}
      <table className="compare-table split-after" data-testid="split-after">
        <thead>
          <tr>
            <th />
            <th>{t('loans.payment.now')}</th>
            <th>{t('loans.payment.after')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('loans.payment.outstanding')}</th>
            <td><Money value={view.balances.outstandingPrincipal} /></td>
            <td><Money value={after.outstanding} testId="split-after-outstanding" /></td>
          </tr>
          <tr>
            <th scope="row">{t('loans.payment.next')}</th>
            <td>{nextText(next ? { n: next.n, dueDate: next.dueDate, total: next.remaining.total } : null, 'now')}</td>
            <td>{nextText(after.next, 'after')}</td>
          </tr>
          <tr>
            <th scope="row">{t('loans.payment.left')}</th>
            <td className="num">{open.length}</td>
            <td className="num" data-testid="split-after-left">{after.installmentsLeft}</td>
          </tr>
          <tr>
            <th scope="row">{t('loans.payment.maturity')}</th>
            <td className="num">{open.at(-1)?.dueDate ?? '—'}</td>
            <td className="num" data-testid="split-after-maturity">{after.maturityDate ?? '—'}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function PaymentCard({ view }: { view: LoanView }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { payment, preview, previewed, previewing, posting, paymentErrors, paymentError, posted, updatePayment, previewPayment, postPayment } = useLoans();
  const [confirming, setConfirming] = useState(false);
  const revolving = view.loan.method === 'revolving';
  const err = (f: string) => (paymentErrors[f] === 'required' ? t('loans.payment.required') : paymentErrors[f]);
  const item = (field: string, label: string, children: React.ReactNode, htmlFor?: string, help?: React.ReactNode) => (
    <Form.Item label={label} htmlFor={htmlFor} validateStatus={err(field) ? 'error' : undefined} help={err(field) ?? help} data-testid={`pay-item-${field}`}>
      {children}
    </Form.Item>
  );
  const ready = preview !== null && previewed !== null;
  return (
    <Card size="small" title={t('loans.payment.title')} data-testid="loan-payment">
      <Form layout="vertical" className="payment-form" onSubmitCapture={(e) => e.preventDefault()}>
        {!revolving && (
          <Form.Item>
            <Segmented<PaymentMode>
              data-testid="pay-mode"
              value={payment.mode}
              onChange={(mode) => updatePayment({ mode })}
              options={(['repayment', 'prepayment'] as const).map((m) => ({ value: m, label: t(`loans.payment.modes.${m}`) }))}
            />
            <div>
              <Typography.Text type="secondary" className="card-hint">
                {payment.mode === 'prepayment' ? t('loans.payment.prepayHint') : t('loans.payment.modeHint')}
              </Typography.Text>
            </div>
          </Form.Item>
        )}
        <Row gutter={8}>
          <Col span={12}>
            {item(
              'amount',
              t('loans.payment.amount'),
              <Input id="pay-amount" data-testid="pay-amount" inputMode="decimal" className="num-input" autoComplete="off" value={payment.amount} onChange={(e) => updatePayment({ amount: e.target.value })} onPressEnter={() => void previewPayment()} />,
              'pay-amount',
            )}
          </Col>
          <Col span={12}>
            {item(
              'date',
              t('loans.payment.date'),
              <DatePicker
                id="pay-date"
                data-testid="pay-date"
                style={{ width: '100%' }}
                value={payment.date ? dayjs(payment.date) : null}
                onChange={(d: dayjs.Dayjs | null) => updatePayment({ date: d ? d.format('YYYY-MM-DD') : '' })}
                disabledDate={(d) => d.format('YYYY-MM-DD') > view.businessDate || d.format('YYYY-MM-DD') < view.loan.disbursementDate}
                getPopupContainer={overlayRoot}
              />,
              'pay-date',
            )}
          </Col>
        </Row>
        {item(
          'reference',
          t('loans.payment.reference'),
          <Input id="pay-reference" data-testid="pay-reference" className="num-code" autoComplete="off" maxLength={60} value={payment.reference} onChange={(e) => updatePayment({ reference: e.target.value })} />,
          'pay-reference',
        )}
        {payment.mode === 'prepayment' &&
          item(
            'recast',
            t('loans.payment.recast'),
            <Radio.Group
              data-testid="pay-recast"
              value={payment.recast}
              onChange={(e) => updatePayment({ recast: e.target.value as Recast })}
              options={RECAST_CHOICES.map((r) => ({ value: r, label: t(`loans.payment.recasts.${r}`) }))}
            />,
          )}
        <ProblemAlert problem={paymentError} testId="pay-error" />
        <Flex gap={8} wrap className="payment-buttons">
          <Button icon={<EyeOutlined />} loading={previewing} onClick={() => void previewPayment()} data-testid="pay-preview">
            {t('loans.payment.preview')}
          </Button>
          <Button type="primary" disabled={!ready} loading={posting} onClick={() => setConfirming(true)} data-testid="pay-post">
            {t('loans.payment.post')}
          </Button>
        </Flex>
        {!ready && !posted && (
          <Typography.Text type="secondary" className="card-hint">
            {t('loans.payment.previewFirst')}
          </Typography.Text>
        )}
      </Form>
      {posted && (
        <Alert
          type="success"
          showIcon
          className="posted-alert"
          data-testid="pay-posted"
          title={t('loans.payment.posted', { kind: t(`loans.kinds.${posted.kind}`), amount: formatMoney(posted.amount, lang), id: posted.transactionId.slice(posted.transactionId.lastIndexOf('.') + 1) })}
        />
      )}
      {preview && <SplitView view={view} split={preview} />}
      <Modal
        open={confirming && ready}
        title={t('loans.payment.confirmTitle')}
        okText={t('loans.payment.confirmOk')}
        cancelText={t('loans.payment.cancel')}
        confirmLoading={posting}
        onOk={() => void postPayment().then(() => setConfirming(false))}
        onCancel={() => setConfirming(false)}
        getContainer={overlayRoot}
        okButtonProps={{ 'data-testid': 'pay-confirm-ok' } as ButtonProps}
      >
        {preview && <div data-testid="pay-confirm">{t('loans.payment.confirm', { number: view.loan.number, kind: t(`loans.kinds.${preview.kind}`), amount: formatMoney(preview.amount, lang), date: preview.date })}</div>}
      </Modal>
    </Card>
  );
}

function ActionProblem() {
  const actionError = useLoans((s) => s.actionError);
  return <ProblemAlert problem={actionError} testId="loan-action-error" />;
}

function ActionBar({ view }: { view: LoanView }) {
  const { t } = useTranslation();
  const openAction = useLoans((s) => s.openAction);
  // The engine says what the caller may do to this loan now; each action is checked again when called.
  const actions = view.actions;
  // A payoff is settled from its own panel, not from this bar.
  const buttons: { kind: Exclude<ActionKind, 'payoff'>; show: boolean; danger?: boolean }[] = [
    { kind: 'draw', show: actions.draw },
    { kind: 'waive', show: actions.waive },
    { kind: 'recover', show: actions.recover },
    { kind: 'writeOff', show: actions.writeOff, danger: true },
  ];
  const shown = buttons.filter((b) => b.show);
  const caseButton = <CaseButton view={view} />;
  return (
    <Flex gap={8} wrap data-testid="loan-actions">
      {caseButton}
      {shown.map((b) => (
        <Button key={b.kind} danger={b.danger} onClick={() => openAction(b.kind)} data-testid={`loan-action-${b.kind}`}>
          {t(`loans.actions.${b.kind}`)}
        </Button>
      ))}
    </Flex>
  );
}

/** The loan's open collection case, or, for a late loan without one, opening it (e.g. after a write-off is reversed). */
function CaseButton({ view }: { view: LoanView }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const caseId = view.collectionCase;
  if (caseId && view.actions.viewCase) {
    return (
      <Button icon={<PhoneOutlined />} onClick={() => void openCollectionCase(caseId)} data-testid="loan-case">
        {t('loans.actions.collectionCase')}
      </Button>
    );
  }
  if (!view.actions.openCase) return null;
  const start = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const opened = await call('collections/open', { loanId: view.loan.id });
      await openCollectionCase(opened.id);
    } catch (e) {
      setProblem(errorsOf(e).problem);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button icon={<PhoneOutlined />} loading={busy} onClick={() => void start()} data-testid="loan-open-case">
        {t('loans.actions.openCase')}
      </Button>
      <ProblemAlert problem={problem} testId="loan-open-case-error" />
    </>
  );
}

/** Waive, write off, recover, draw and reverse: each asks for what it needs and is confirmed. */
function ActionModal({ view, reversing }: { view: LoanView; reversing: LedgerEntry | null }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { action, actionBusy, actionErrors, openAction, act } = useLoans();
  const [form, setForm] = useState<ActionInput>({});
  useEffect(() => {
    if (action) setForm({ date: action === 'recover' || action === 'draw' ? view.businessDate : undefined });
  }, [action, view.businessDate]);
  if (!action || action === 'payoff') return null;
  const number = view.loan.number;
  const err = (f: string) => (actionErrors[f] === 'required' ? t('loans.payment.required') : actionErrors[f]);
  const field = (f: keyof ActionInput, label: string, rows?: number) => (
    <Form.Item key={f} label={label} htmlFor={`la-${f}`} validateStatus={err(f) ? 'error' : undefined} help={err(f)}>
      {rows ? (
        <Input.TextArea id={`la-${f}`} data-testid={`la-${f}`} rows={rows} maxLength={500} value={form[f] ?? ''} onChange={(e) => setForm({ ...form, [f]: e.target.value })} />
      ) : (
        <Input id={`la-${f}`} data-testid={`la-${f}`} className={f === 'reference' ? 'num-code' : 'num-input'} autoComplete="off" value={form[f] ?? ''} onChange={(e) => setForm({ ...form, [f]: e.target.value })} />
      )}
    </Form.Item>
  );
  const titles: Record<Exclude<ActionKind, 'payoff'>, string> = {
    waive: t('loans.actions.waiveTitle', { number }),
    reverse: t('loans.actions.reverseTitle', { id: reversing?.id ?? '' }),
    writeOff: t('loans.actions.writeOffTitle', { number }),
    recover: t('loans.actions.recoverTitle', { number }),
    draw: t('loans.actions.drawTitle', { number }),
  };
  const danger = action === 'writeOff' || action === 'reverse';
  const submit = () => void act(action, action === 'reverse' ? { ...form, transactionId: reversing?.id ?? '' } : form);
  return (
    <Modal
      open
      title={titles[action]}
      okText={action === 'reverse' ? t('loans.actions.reverse') : action === 'writeOff' ? t('loans.actions.writeOff') : t('loans.actions.ok')}
      cancelText={t('loans.actions.cancel')}
      confirmLoading={actionBusy}
      onOk={submit}
      onCancel={() => openAction(null)}
      getContainer={overlayRoot}
      destroyOnHidden
      okButtonProps={{ danger, 'data-testid': 'la-ok' } as ButtonProps}
      data-testid="loan-action-modal"
    >
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        {action === 'waive' && <Alert type="info" showIcon className="modal-alert" title={t('loans.actions.waiveHint')} />}
        {action === 'reverse' && reversing && (
          <Alert
            type="warning"
            showIcon
            className="modal-alert"
            title={t('loans.actions.reverseWhat', { kind: t(`loans.kinds.${reversing.kind}`), amount: formatMoney(reversing.amount, lang), date: reversing.valueDate })}
            description={t('loans.actions.reverseHint')}
          />
        )}
        {action === 'writeOff' && <Alert type="error" showIcon className="modal-alert" title={t('loans.actions.writeOffConfirm', { number })} description={t('loans.actions.writeOffWarning')} />}
        {action === 'waive' && (
          <>
            {field('penalty', t('loans.actions.penalty'))}
            {view.loan.method !== 'revolving' && field('fee', t('loans.actions.fee'))}
            {view.loan.method !== 'revolving' && field('interest', t('loans.actions.interest'))}
          </>
        )}
        {(action === 'recover' || action === 'draw') && (
          <>
            {field('amount', t('loans.actions.amount'))}
            {field('date', t('loans.actions.date'))}
            {field('reference', t('loans.actions.reference'))}
          </>
        )}
        {(action === 'waive' || action === 'reverse' || action === 'writeOff') && field('reason', t('loans.actions.reason'), 3)}
        <ActionProblem />
      </Form>
    </Modal>
  );
}

export function LoanPage({ view }: { view: LoanView }) {
  const { t } = useTranslation();
  const businessDate = useApp((s) => s.info?.businessDate);
  const { open, reload, done, openAction } = useLoans();
  const [reversing, setReversing] = useState<LedgerEntry | null>(null);
  const paying = view.actions.pay;
  // Balances move with the business date.
  useEffect(() => {
    void reload();
  }, [businessDate, reload]);
  const onReverse = useMemo(
    () => (e: LedgerEntry) => {
      setReversing(e);
      openAction('reverse');
    },
    [openAction],
  );
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="loan-page" data-loan={view.loan.id}>
      <Flex justify="space-between" gap={8} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void open(null)} data-testid="back-to-loans">
          {t('loans.back')}
        </Button>
        <Space size={8}>
          <ActionBar view={view} />
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} data-testid="loan-reload">
            {t('loans.reload')}
          </Button>
        </Space>
      </Flex>
      <HeaderCard view={view} />
      {done && (
        <Alert
          type="success"
          showIcon
          closable
          data-testid="loan-action-done"
          title={t(`loans.actions.done.${done.kind}`, { id: done.transactionId.slice(done.transactionId.lastIndexOf('.') + 1) })}
          onClose={() => useLoans.setState({ done: null })}
        />
      )}
      <Row gutter={[12, 8]}>
        <Col xs={24} xl={paying ? 14 : 24}>
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <BalancesCard view={view} />
            <PayoffCard view={view} />
          </Space>
        </Col>
        {paying && (
          <Col xs={24} xl={10}>
            <PaymentCard view={view} />
          </Col>
        )}
      </Row>
      <ScheduleCard view={view} />
      <LedgerCard view={view} onReverse={onReverse} />
      <ActionModal view={view} reversing={reversing} />
    </Space>
  );
}

export function LoansPage() {
  const readsLoans = useCan('loans.read');
  const openId = useLoans((s) => s.openId);
  const view = useLoans((s) => s.view);
  const viewError = useLoans((s) => s.viewError);
  const open = useLoans((s) => s.open);
  const { t } = useTranslation();
  if (!readsLoans) return <ComingPage page="loans" />;
  if (openId) {
    if (view) return <LoanPage view={view} />;
    if (viewError)
      return (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void open(null)} data-testid="back-to-loans">
            {t('loans.back')}
          </Button>
          <ProblemAlert problem={viewError} testId="loan-error" />
        </Space>
      );
    return <Spin className="desk-loading" />;
  }
  return <Lookup />;
}
