/**
 * One application as the engine assessed it: the facts, the screening rules, the score and why,
 * the offer with its schedule, the documents, the decision panel (only the actions the engine
 * offers this user) and the history. Nothing here recomputes a figure.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wordFor } from '../i18n/words';
import { Alert, Button, Card, Col, Collapse, Descriptions, Empty, Flex, Form, Input, Modal, Popconfirm, Row, Space, Table, Tag, Timeline, Typography, type ButtonProps } from 'antd';
import { ArrowLeftOutlined, BankOutlined, CheckCircleFilled, EditOutlined, ExclamationCircleFilled, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useApplications, type ApplicationDetail, type Decision } from '../stores/applications';
import { useApp } from '../stores/app';
import { useCustomers } from '../stores/customers';
import { DocumentUpload, GradeTag, ProblemAlert, StateTag, productName } from '../components/ApplicationParts';
import { Money, Percent } from '../components/Money';
import { formatDateTime, formatMoney, formatPercent } from '../format';
import { useCan } from '../stores/session';
import { DOCUMENT_STATES } from '../stores/documents';
import { LoanDocumentsCard } from './ApplicationDocuments';
import { openLoan, useLoans } from '../stores/loans';
import { useDocuments } from '../stores/documents';

type Assessment = NonNullable<ApplicationDetail['assessment']>;
type RuleRow = Assessment['rules'][number];
type BreakdownRow = Assessment['score']['breakdown'][number];
type Offer = NonNullable<Assessment['offer']>;
type Installment = NonNullable<Offer['schedule']>['installments'][number];

const overlayRoot = (): HTMLElement => document.getElementById('overlay-root') ?? document.body;

function outcomeColour(r: Pick<RuleRow, 'outcome' | 'effect'>): string {
  if (r.outcome === 'pass') return 'green';
  if (r.outcome === 'note') return 'blue';
  return r.effect === 'decline' ? 'red' : 'gold';
}

function HeaderCard({ detail }: { detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const setPage = useApp((s) => s.setPage);
  const a = detail.application;
  const as = detail.assessment;
  const c = detail.customer;
  const openCustomer = () => {
    if (!c) return;
    void useCustomers.getState().open(c.id);
    setPage('customers');
  };
  const dash = (v: string | number | null) => (v === null ? '—' : <span className="num">{v}</span>);
  return (
    <Card
      size="small"
      title={
        <Space size={12} wrap>
          <span className="num app-number" data-testid="app-number">{a.number}</span>
          <StateTag state={a.state} testId="app-state" />
          {c && (
            <a onClick={openCustomer} data-testid="app-customer">
              {c.name}
            </a>
          )}
        </Space>
      }
      extra={
        as && (
          <Space size={8} data-testid="app-score">
            <Typography.Text type="secondary">{t('applications.grade')}</Typography.Text>
            <GradeTag grade={as.score.grade} testId="app-grade" />
            <span className="num score-figure">{t('applications.page.scoreValue', { score: as.score.score })}</span>
            <Typography.Text type="secondary" className="num">
              {t('applications.page.pd')} {formatPercent(as.score.pd, lang, 2)}
            </Typography.Text>
          </Space>
        )
      }
    >
      <Descriptions
        size="small"
        column={4}
        items={[
          { key: 'product', label: t('applications.page.product'), children: productName(detail.product, lang), span: 2 },
          { key: 'amount', label: t('applications.page.amount'), children: <Money value={a.amount} testId="app-amount" /> },
          { key: 'term', label: t('applications.page.term'), children: <span className="num">{t('applications.months', { count: a.term })}</span> },
          { key: 'purpose', label: t('applications.page.purpose'), children: a.purpose },
          { key: 'income', label: t('applications.page.monthlyIncome'), children: a.monthlyIncome ? <Money value={a.monthlyIncome} /> : '—' },
          { key: 'debt', label: t('applications.page.monthlyDebt'), children: a.monthlyDebt ? <Money value={a.monthlyDebt} /> : '—' },
          { key: 'years', label: t('applications.page.employmentYears'), children: dash(a.employmentYears) },
          { key: 'employer', label: t('applications.page.employer'), children: a.employer ?? '—' },
          {
            key: 'bureau',
            label: t('applications.page.bureau'),
            children: <span className="num">{[a.bureauOverdue24m, a.bureauInquiries6m, a.bureauCurrentOverdue].map((v) => (v === null ? '—' : String(v))).join(' / ')}</span>,
            span: 2,
          },
          { key: 'officer', label: t('applications.page.officer'), children: a.officer ?? '—' },
          { key: 'submitted', label: t('applications.page.submittedAt'), children: a.submittedAt ? <span className="num">{formatDateTime(a.submittedAt, lang)}</span> : '—' },
          {
            key: 'role',
            label: t('applications.page.requiredRoleLabel'),
            children: a.requiredRole ? (
              <Tag color="geekblue" data-testid="app-required-role">
                {wordFor(t, 'auth.roles', a.requiredRole)}
              </Tag>
            ) : (
              '—'
            ),
          },
          ...(as
            ? [
                {
                  key: 'recommendation',
                  label: t('applications.page.recommendation'),
                  children: (
                    <Tag color={as.recommendation === 'approve' ? 'green' : 'red'} data-testid="app-recommendation">
                      {t(`applications.page.recommendations.${as.recommendation}`)}
                    </Tag>
                  ),
                },
                { key: 'dti', label: t('applications.page.dti'), children: as.debtToIncome === null ? '—' : <span className="num">{as.debtToIncome}%</span> },
                { key: 'estimate', label: t('applications.page.estimatedPayment'), children: <Money value={as.estimatedPayment} />, span: 2 },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function RulesCard({ assessment }: { assessment: Assessment }) {
  const { t } = useTranslation();
  const columns: ColumnsType<RuleRow> = [
    { title: t('applications.page.rule'), dataIndex: 'name', width: 150 },
    {
      title: t('applications.page.outcome'),
      key: 'outcome',
      width: 150,
      render: (_: unknown, r) => (
        <Space size={4}>
          <Tag color={outcomeColour(r)}>{t(`applications.page.outcomes.${r.outcome}`)}</Tag>
          {r.effect !== 'none' && <Typography.Text type="secondary">{t(`applications.page.effects.${r.effect}`)}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('applications.page.message'), dataIndex: 'message' },
  ];
  return (
    <Card size="small" title={t('applications.page.rules', { version: assessment.rulesVersion })}>
      <Table<RuleRow>
        size="small"
        rowKey="code"
        pagination={false}
        columns={columns}
        dataSource={assessment.rules}
        data-testid="rules"
        onRow={(r) => ({ 'data-rule': r.code, 'data-outcome': r.outcome }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

/** A characteristic's value as the officer reads it: money as money, the DTI as the engine's percentage, categories in words. */
function BreakdownValue({ row, value, dti }: { row: BreakdownRow; value: BreakdownRow['value']; dti: string | null }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  if (row.key === 'debtToIncome' && dti !== null) return <span className="num">{dti}%</span>;
  if (row.key === 'monthlyIncome') return <Money value={String(value)} />;
  if (typeof value === 'string') return <span>{wordFor(t, 'applications.page.categories', value)}</span>;
  return <span className="num">{value}</span>;
}

function ScoreCard({ assessment }: { assessment: Assessment }) {
  const { t } = useTranslation();
  const s = assessment.score;
  const columns: ColumnsType<BreakdownRow> = [
    { title: t('applications.page.characteristic'), dataIndex: 'label' },
    { title: t('applications.page.value'), dataIndex: 'value', align: 'right', render: (v: BreakdownRow['value'], b) => <BreakdownValue row={b} value={v} dti={assessment.debtToIncome} /> },
    { title: t('applications.page.bin'), dataIndex: 'bin' },
    {
      title: t('applications.page.points'),
      key: 'points',
      align: 'right',
      width: 120,
      render: (_: unknown, b) => (
        <span className="num">
          <strong>{b.points}</strong> / {b.maxPoints}
        </span>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('applications.page.scoreTitle', { name: s.scorecard.name, version: s.scorecard.version })}
      extra={
        <Space size={6}>
          <GradeTag grade={s.grade} />
          <span className="num">{t('applications.page.scoreValue', { score: s.score })}</span>
        </Space>
      }
    >
      <Table<BreakdownRow> size="small" rowKey="key" pagination={false} columns={columns} dataSource={s.breakdown} data-testid="score-breakdown" />
      {s.reasons.length > 0 && (
        <div className="reasons" data-testid="score-reasons">
          <Typography.Text strong>{t('applications.page.reasons')}</Typography.Text>
          <ol>
            {s.reasons.map((r) => (
              <li key={r.key}>
                {r.reason} <Typography.Text type="secondary" className="num">({t('applications.page.pointsLost', { count: r.pointsLost })})</Typography.Text>
              </li>
            ))}
          </ol>
        </div>
      )}
    </Card>
  );
}

function OfferCard({ assessment }: { assessment: Assessment }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const offer = assessment.offer;
  const columns: ColumnsType<Installment> = useMemo(
    () => [
      { title: t('table.n'), dataIndex: 'n', width: 56, align: 'right', render: (n: number) => <span className="num">{n}</span> },
      { title: t('table.dueDate'), dataIndex: 'dueDate', width: 104, render: (d: string) => <span className="num">{d}</span> },
      { title: t('table.principal'), dataIndex: 'principal', align: 'right', render: (v: string) => <Money value={v} /> },
      { title: t('table.interest'), dataIndex: 'interest', align: 'right', render: (v: string) => <Money value={v} /> },
      { title: t('table.total'), dataIndex: 'total', align: 'right', render: (v: string) => <Money value={v} /> },
      { title: t('table.balance'), dataIndex: 'balance', align: 'right', render: (v: string) => <Money value={v} /> },
    ],
    [t],
  );
  if (!offer) {
    return (
      <Card size="small" title={t('applications.page.offer')}>
        <Typography.Text type="secondary">{t('applications.page.noOffer')}</Typography.Text>
      </Card>
    );
  }
  return (
    <Card size="small" title={t('applications.page.offer')} data-testid="offer">
      <Descriptions
        size="small"
        column={2}
        items={[
          { key: 'amount', label: t('applications.page.offeredAmount'), children: <Money value={offer.amount} testId="offer-amount" /> },
          { key: 'term', label: t('applications.page.offeredTerm'), children: <span className="num">{t('applications.months', { count: offer.term })}</span> },
          { key: 'rate', label: t('applications.page.rate'), children: <Percent value={offer.rate} places={2} testId="offer-rate" /> },
          { key: 'payment', label: t('applications.page.monthlyPayment'), children: <Money value={offer.monthlyPayment} testId="offer-payment" /> },
          { key: 'apr', label: t('applications.page.annualizedRate'), children: <Percent value={offer.annualizedRate} places={4} testId="offer-apr" />, span: 2 },
          ...(offer.limitedBy.length
            ? [
                {
                  key: 'limited',
                  label: t('applications.page.limitedBy'),
                  span: 2,
                  children: (
                    <Space size={4} wrap data-testid="offer-limited">
                      {offer.limitedBy.map((l) => (
                        <Tag key={l} color="gold">
                          {t(`applications.page.limits.${l}`)}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {offer.capWarnings.length > 0 && (
        <Alert
          type={offer.capWarnings.some((w) => w.code === 'above-36') ? 'error' : 'warning'}
          showIcon
          data-testid="offer-cap-warning"
          title={offer.capWarnings.map((w) => t(`caps.${w.code}`, { limit: formatPercent(w.limit, lang, 2), lpr: w.lpr ? `${formatPercent(w.lpr.rate, lang, 2)} · ${w.lpr.from}` : '' })).join(' ')}
        />
      )}
      {offer.schedule && (
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'schedule',
              label: t('applications.page.schedule', { count: offer.schedule.installments.length }),
              children: (
                <Table<Installment>
                  size="small"
                  virtual
                  pagination={false}
                  scroll={{ y: 300 }}
                  rowKey="n"
                  columns={columns}
                  dataSource={offer.schedule.installments}
                  data-testid="offer-schedule"
                />
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

function DocumentsCard({ detail }: { detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const attaching = useApplications((s) => s.attaching);
  const attach = useApplications((s) => s.attach);
  // Documents can be added while the application can still be changed.
  const canAttach = detail.actions.includes('edit');
  return (
    <Card size="small" title={t('applications.page.documents')} data-testid="app-documents">
      <table className="checklist">
        <tbody>
          {detail.checklist.map((c) => (
            <tr key={c.kind} data-testid={`app-checklist-${c.kind}`} data-present={c.present}>
              <th scope="row">{wordFor(t, 'customers.docKinds', c.kind)}</th>
              <td>
                {c.present ? (
                  <Tag color="green" icon={<CheckCircleFilled />}>{t('applications.page.present')}</Tag>
                ) : (
                  <Tag color="red" icon={<ExclamationCircleFilled />}>{t('applications.page.missing')}</Tag>
                )}
              </td>
              <td className="action">
                {canAttach && <DocumentUpload kind={c.kind as never} present={c.present} loading={attaching === c.kind} disabled={attaching !== null} onFile={(name, b64) => attach(c.kind as never, name, b64)} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {detail.documents.length === 0 ? (
        <Typography.Text type="secondary">{t('applications.page.noDocuments')}</Typography.Text>
      ) : (
        <ul className="file-list">
          {detail.documents.map((d) => (
            <li key={d.id}>
              <span>{d.fileName}</span>
              <Typography.Text type="secondary">
                {' '}
                · {wordFor(t, 'customers.docKinds', d.kind)} · {wordFor(t, 'applications.page.owners', d.owner)}
              </Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function DecisionPanel({ detail }: { detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const { acting, actionErrors, actionError, decide, withdraw, submit, startWizard, clearActionErrors } = useApplications();
  const [note, setNote] = useState('');
  const [override, setOverride] = useState('');
  const id = detail.application.id;
  useEffect(() => {
    setNote('');
    setOverride('');
    clearActionErrors();
  }, [id, detail.application.state, clearActionErrors]);
  // 'submit' is offered with 'edit' (the engine's result type lists only the others).
  const actions: readonly string[] = detail.actions;
  const has = (a: (typeof detail.actions)[number] | 'submit') => actions.includes(a);
  const deciding = has('approve') || has('decline') || has('return');
  const needsOverride = has('approve') && detail.assessment?.recommendation === 'decline';
  if (actions.length === 0) {
    return (
      <Card size="small" title={t('applications.page.decision')} data-testid="decision-panel">
        <Typography.Text type="secondary">{t('applications.page.noActions')}</Typography.Text>
      </Card>
    );
  }
  const run = (action: Decision) => void decide(action, note, override);
  return (
    <Card size="small" title={t('applications.page.decision')} data-testid="decision-panel">
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        {(deciding || has('withdraw')) && (
          <Form.Item
            label={deciding ? t('applications.page.note') : t('applications.page.withdrawNote')}
            htmlFor="decision-note"
            validateStatus={actionErrors.note ? 'error' : undefined}
            help={actionErrors.note}
          >
            <Input.TextArea id="decision-note" data-testid="decision-note" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={deciding ? t('applications.page.notePlaceholder') : undefined} />
          </Form.Item>
        )}
        {needsOverride && (
          <Form.Item
            label={t('applications.page.overrideReason')}
            htmlFor="decision-override"
            validateStatus={actionErrors.overrideReason ? 'error' : undefined}
            help={actionErrors.overrideReason ?? t('applications.page.overrideHint')}
          >
            <Input.TextArea id="decision-override" data-testid="decision-override" rows={2} maxLength={1000} value={override} onChange={(e) => setOverride(e.target.value)} />
          </Form.Item>
        )}
        <ProblemAlert problem={actionError} testId="decision-error" />
        <Flex wrap gap={8} className="decision-buttons">
          {has('approve') && (
            <Button type="primary" className="approve-button" loading={acting === 'approve'} onClick={() => run('approve')} data-testid="approve">
              {t('applications.page.approve')}
            </Button>
          )}
          {has('return') && (
            <Button loading={acting === 'return'} onClick={() => run('return')} data-testid="return">
              {t('applications.page.return')}
            </Button>
          )}
          {has('decline') && (
            <Popconfirm title={t('applications.page.confirmDecline')} okText={t('applications.page.ok')} cancelText={t('applications.page.cancel')} okButtonProps={{ danger: true }} onConfirm={() => run('decline')} getPopupContainer={overlayRoot}>
              <Button danger loading={acting === 'decline'} data-testid="decline">
                {t('applications.page.decline')}
              </Button>
            </Popconfirm>
          )}
          {has('edit') && (
            <Button icon={<EditOutlined />} onClick={() => startWizard(detail)} data-testid="edit-application">
              {t('applications.page.edit')}
            </Button>
          )}
          {has('submit') && (
            <Button type="primary" icon={<SendOutlined />} loading={acting === 'submit'} onClick={() => void submit(id)} data-testid="submit-application">
              {t('applications.page.submit')}
            </Button>
          )}
          {has('withdraw') && (
            <Popconfirm title={t('applications.page.confirmWithdraw')} okText={t('applications.page.ok')} cancelText={t('applications.page.cancel')} onConfirm={() => void withdraw(note)} getPopupContainer={overlayRoot}>
              <Button type="text" danger loading={acting === 'withdraw'} data-testid="withdraw">
                {t('applications.page.withdraw')}
              </Button>
            </Popconfirm>
          )}
        </Flex>
      </Form>
    </Card>
  );
}

/**
 * A signed application is paid out here (by those who may disburse): confirmed first, then the new
 * loan's page opens. A disbursed application links to its loan.
 */
function DisburseCard({ detail }: { detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const canDisburse = useCan('loans.disburse');
  const readsLoans = useCan('loans.read');
  const { disbursing, disburseError, disburse, clearDisburseError } = useLoans();
  const contract = useDocuments((s) => s.issued.find((d) => d.type === 'contract'));
  const reload = useApplications((s) => s.reload);
  const [confirming, setConfirming] = useState(false);
  const a = detail.application;
  const id = a.id;
  useEffect(() => clearDisburseError(), [id, clearDisburseError]);
  if (a.state === 'disbursed') {
    const number = detail.events.find((e) => e.to === 'disbursed')?.note ?? null;
    if (!number) return null;
    return (
      <Card size="small" title={t('loans.disburse.title')} data-testid="disburse-card">
        <Space size={8} wrap>
          <Tag color="green" data-testid="disbursed-as">{t('loans.disburse.disbursedAs', { number })}</Tag>
          {readsLoans && (
            <Button size="small" icon={<BankOutlined />} onClick={() => void openLoan(number)} data-testid="open-loan">
              {t('loans.disburse.openLoan', { number })}
            </Button>
          )}
        </Space>
      </Card>
    );
  }
  if (a.state !== 'signed' || !canDisburse) return null;
  const amount = detail.assessment?.offer?.amount ?? a.amount;
  const run = async () => {
    const r = await disburse(id);
    if (!r) return;
    setConfirming(false);
    await reload();
    await openLoan(r.loanId);
  };
  return (
    <Card size="small" title={t('loans.disburse.title')} data-testid="disburse-card">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('loans.disburse.hint')}</Typography.Text>
        <Button
          type="primary"
          icon={<BankOutlined />}
          loading={disbursing}
          onClick={() => {
            clearDisburseError();
            setConfirming(true);
          }}
          data-testid="disburse"
        >
          {t('loans.disburse.button')}
        </Button>
        {!confirming && <ProblemAlert problem={disburseError} testId="disburse-error" />}
      </Space>
      <Modal
        open={confirming}
        title={t('loans.disburse.confirmTitle')}
        okText={t('loans.disburse.ok')}
        cancelText={t('loans.disburse.cancel')}
        confirmLoading={disbursing}
        onOk={() => void run()}
        onCancel={() => setConfirming(false)}
        getContainer={overlayRoot}
        okButtonProps={{ 'data-testid': 'disburse-confirm-ok' } as ButtonProps}
      >
        <div data-testid="disburse-confirm">
          {t('loans.disburse.confirm', { amount: formatMoney(amount, lang), name: detail.customer?.name ?? '', number: contract?.number ?? a.number })}
        </div>
        <ProblemAlert problem={disburseError} testId="disburse-error" />
      </Modal>
    </Card>
  );
}

const EVENT_COLOURS: Record<string, string> = { declined: 'red', approved: 'green', signed: 'cyan', disbursed: 'green', review: 'gold', scored: 'gold', returned: 'orange', withdrawn: 'gray' };

type HistoryEvent = ApplicationDetail['events'][number];

/**
 * Several state changes made in one step share a timestamp, and their ids need not sort in the order
 * they were made: put them in order by following each change's from-state to the next.
 */
function inStateOrder(events: HistoryEvent[]): HistoryEvent[] {
  const rest = [...events];
  const out: HistoryEvent[] = [];
  let current = rest.find((e) => !rest.some((o) => o !== e && o.to === e.from)) ?? rest[0];
  while (current) {
    out.push(current);
    rest.splice(rest.indexOf(current), 1);
    const to = current.to;
    current = rest.find((e) => e.from === to) ?? rest[0];
  }
  return out;
}

const DECISION_ORDER: Record<string, number> = { screening: 0, score: 1, override: 2 };

function HistoryCard({ detail }: { detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const ruleNames = new Map((detail.assessment?.rules ?? []).map((r) => [r.code as string, r.name]));
  // Changes in the order they happened: by time, and within one timestamp by following from -> to.
  const byAt = new Map<string, HistoryEvent[]>();
  for (const e of detail.events) byAt.set(e.at, [...(byAt.get(e.at) ?? []), e]);
  const ordered = [...byAt.keys()].sort().flatMap((at) => inStateOrder(byAt.get(at) ?? []));
  // One entry per step: a submit moves through several states and records several decisions at once.
  type Moment = { at: string; user: string | null; events: HistoryEvent[]; decisions: ApplicationDetail['decisions'] };
  const moments: Moment[] = [];
  for (const e of ordered) {
    const last = moments.at(-1);
    if (last && last.at === e.at && last.user === e.user) last.events.push(e);
    else moments.push({ at: e.at, user: e.user, events: [e], decisions: [] });
  }
  for (const d of detail.decisions) {
    const m = moments.find((x) => x.at === d.at && x.user === d.user) ?? moments.find((x) => x.at === d.at);
    if (m) m.decisions.push(d);
    else moments.push({ at: d.at, user: d.user, events: [], decisions: [d] });
  }
  const items = moments
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((m, index) => {
      m.decisions = [...m.decisions].sort((a, b) => (DECISION_ORDER[a.kind] ?? 9) - (DECISION_ORDER[b.kind] ?? 9));
      const last = m.events.at(-1)?.to ?? '';
      // Screening writes rule codes as its note (declined by, or sent to review by): show their names.
      const byRules = (e: HistoryEvent) => (e.to === 'declined' && !e.user) || e.to === 'review';
      const ruleWords = (note: string) => note.split(',').map((c) => (c.trim() === 'sample' ? t('applications.page.sample') : (ruleNames.get(c.trim()) ?? c.trim()))).join(t('applications.listSeparator'));
      const notes = m.events.filter((e) => e.note).map((e) => (byRules(e) ? ruleWords(e.note ?? '') : e.note));
      return {
        key: index,
        color: EVENT_COLOURS[last] ?? 'blue',
        content: (
          <div className="history-entry">
            <div className="history-head">
              <span className="num history-time">{formatDateTime(m.at, lang)}</span>
              <Typography.Text strong>{m.user ?? t('applications.page.system')}</Typography.Text>
            </div>
            <div>
              {m.events.map((e, i) => (
                <span key={`${e.to}-${i}`}>
                  {i > 0 && <span className="arrow">→</span>}
                  <StateTag state={e.to} />
                </span>
              ))}
            </div>
            {m.decisions.map((d, i) => {
              const detailOf = d.detail as { score?: number; reason?: string; recommendation?: string };
              const what =
                d.kind === 'screening'
                  ? wordFor(t, 'applications.page.decisionOutcomes', d.outcome)
                  : d.kind === 'score'
                    ? t('applications.page.gradeScore', { grade: d.outcome, score: detailOf.score ?? '' })
                    : d.kind === 'override'
                      ? t('applications.page.overrideWas', { recommendation: wordFor(t, 'applications.page.recommendations', detailOf.recommendation ?? 'decline'), reason: detailOf.reason ?? '' })
                      : null;
              if (!what) return null;
              return (
                <div key={`${d.kind}-${i}`} className="history-line">
                  {t('applications.page.ruleLine', { name: wordFor(t, 'applications.page.decisions', d.kind), message: what })}
                </div>
              );
            })}
            {notes.map((n, i) => (
              <div key={`note-${i}`} className="history-note" data-testid="history-note">
                {n}
              </div>
            ))}
          </div>
        ),
      };
    });
  return (
    <Card size="small" title={t('applications.page.history')} data-testid="app-history">
      <Timeline items={items} />
    </Card>
  );
}

export function ApplicationView({ detail }: { detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { open, reload } = useApplications();
  const readsDocuments = useCan('documents.read');
  // The engine words rule results and reasons in the language asked for: ask again when it changes.
  useEffect(() => {
    void reload();
  }, [lang, reload]);
  const as = detail.assessment;
  const declinedBy = as?.rules.filter((r) => r.effect === 'decline') ?? [];
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="application-page">
      <Flex justify="space-between">
        <Button icon={<ArrowLeftOutlined />} onClick={() => void open(null)} data-testid="back-to-queue">
          {t('applications.page.back')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          {t('applications.page.reload')}
        </Button>
      </Flex>
      <HeaderCard detail={detail} />
      {as?.knockedOut && (
        <Alert
          type="error"
          showIcon
          data-testid="knocked-out"
          title={t('applications.page.knockedOut')}
          description={
            <ul className="plain-list">
              {declinedBy.map((r) => (
                <li key={r.code}>{t('applications.page.ruleLine', { name: r.name, message: r.message })}</li>
              ))}
            </ul>
          }
        />
      )}
      {as && as.review.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="review-reasons"
          title={t('applications.page.reviewReasons')}
          description={
            <ul className="plain-list">
              {as.review.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          }
        />
      )}
      {readsDocuments && DOCUMENT_STATES.includes(detail.application.state) && <LoanDocumentsCard detail={detail} />}
      <Row gutter={[12, 8]}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            {as && <RulesCard assessment={as} />}
            {as && <ScoreCard assessment={as} />}
            {!as && <Card size="small"><Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('applications.page.notAssessed')} /></Card>}
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <DisburseCard detail={detail} />
            <DecisionPanel detail={detail} />
            {as && <OfferCard assessment={as} />}
            <DocumentsCard detail={detail} />
            <HistoryCard detail={detail} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
