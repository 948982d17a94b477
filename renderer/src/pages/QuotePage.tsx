import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Checkbox, Col, Collapse, DatePicker, Flex, Form, Input, Modal, Radio, Row, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useQuote, type Frequency, type Method, type QuoteForm } from '../stores/quote';
import { useApp } from '../stores/app';
import { Money, Percent } from '../components/Money';
import { formatMoney, formatPercent } from '../format';
import type { ApiResult } from '../api/client';

type Row = ApiResult<'quote/schedule'>['installments'][number];
const METHODS: Method[] = ['equal-installment', 'equal-principal', 'interest-only', 'flat'];
const FREQUENCIES: Frequency[] = ['monthly', 'quarterly', 'semi-monthly', 'biweekly', 'weekly'];

function Field({ name, label, children }: { name: keyof QuoteForm; label: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  const error = useQuote((s) => s.errors[name]);
  const message = error === 'rateFormat' ? t('quote.rateFormat') : error;
  return (
    <Form.Item label={label} validateStatus={message ? 'error' : undefined} help={message} htmlFor={`q-${name}`}>
      {children}
    </Form.Item>
  );
}

function QuoteFormCard() {
  const { t } = useTranslation();
  const form = useQuote((s) => s.form);
  const update = useQuote((s) => s.update);
  const text = (name: keyof QuoteForm, extra: Record<string, unknown> = {}) => ({
    id: `q-${name}`,
    value: form[name] as string,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => update({ [name]: e.target.value } as Partial<QuoteForm>),
    autoComplete: 'off',
    ...extra,
  });
  const date = (name: 'disbursementDate' | 'firstDueDate') => ({
    id: `q-${name}`,
    value: form[name] ? dayjs(form[name]) : null,
    onChange: (d: dayjs.Dayjs | null) => update({ [name]: d ? d.format('YYYY-MM-DD') : '' } as Partial<QuoteForm>),
    format: 'YYYY-MM-DD',
    style: { width: '100%' },
  });
  return (
    <Card size="small" title={t('quote.title')} className="quote-form">
      <Form layout="vertical" size="middle" requiredMark={false} onSubmitCapture={(e) => e.preventDefault()}>
        <Field name="principal" label={t('quote.principal')}>
          <Input {...text('principal', { inputMode: 'decimal', className: 'num-input', autoFocus: true })} />
        </Field>
        <Row gutter={8}>
          <Col span={12}>
            <Field name="ratePercent" label={t('quote.annualRate')}>
              <Input {...text('ratePercent', { inputMode: 'decimal', className: 'num-input', suffix: '%' })} />
            </Field>
          </Col>
          <Col span={12}>
            <Field name="term" label={t('quote.term')}>
              <Input {...text('term', { inputMode: 'numeric', className: 'num-input' })} />
            </Field>
          </Col>
        </Row>
        <Field name="method" label={t('quote.method')}>
          <Radio.Group
            id="q-method"
            optionType="button"
            buttonStyle="solid"
            value={form.method}
            onChange={(e) => update({ method: e.target.value as Method })}
            options={METHODS.map((m) => ({ value: m, label: t(`methods.${m}`), title: t(`methodNotes.${m}`) }))}
            className="method-group"
          />
        </Field>
        <Row gutter={8}>
          <Col span={12}>
            <Field name="frequency" label={t('quote.frequency')}>
              <Select id="q-frequency" value={form.frequency} onChange={(v) => update({ frequency: v })} options={FREQUENCIES.map((f) => ({ value: f, label: t(`frequencies.${f}`) }))} />
            </Field>
          </Col>
          <Col span={12}>
            <Field name="principalGrace" label={t('quote.principalGrace')}>
              <Input {...text('principalGrace', { inputMode: 'numeric', className: 'num-input', disabled: form.method === 'interest-only' })} />
            </Field>
          </Col>
        </Row>
        <Row gutter={8}>
          <Col span={12}>
            <Field name="disbursementDate" label={t('quote.disbursementDate')}>
              <DatePicker {...date('disbursementDate')} allowClear={false} />
            </Field>
          </Col>
          <Col span={12}>
            <Field name="firstDueDate" label={t('quote.firstDueDate')}>
              <DatePicker {...date('firstDueDate')} placeholder={t('quote.firstDueDatePlaceholder')} />
            </Field>
          </Col>
        </Row>
        <Row gutter={8}>
          <Col span={12}>
            <Field name="upfrontFee" label={t('quote.upfrontFee')}>
              <Input {...text('upfrontFee', { inputMode: 'decimal', className: 'num-input', placeholder: '0.00' })} />
            </Field>
          </Col>
          <Col span={12}>
            <Field name="perInstallmentFee" label={t('quote.perInstallmentFee')}>
              <Input {...text('perInstallmentFee', { inputMode: 'decimal', className: 'num-input', placeholder: '0.00' })} />
            </Field>
          </Col>
        </Row>
        {form.upfrontFee.trim() !== '' && (
          <Form.Item>
            <Space>
              <Switch id="q-feeDeducted" size="small" checked={form.feeDeducted} onChange={(v) => update({ feeDeducted: v })} />
              <label htmlFor="q-feeDeducted">{form.feeDeducted ? t('quote.feeDeducted') : t('quote.feeFinanced')}</label>
            </Space>
          </Form.Item>
        )}
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'advanced',
              label: t('quote.advanced'),
              children: (
                <>
                  <Field name="interest" label={t('quote.interest')}>
                    <Select id="q-interest" value={form.interest} onChange={(v) => update({ interest: v })} options={(['per-period', 'daily'] as const).map((v) => ({ value: v, label: t(`interestModes.${v}`) }))} />
                  </Field>
                  <Row gutter={8}>
                    <Col span={12}>
                      <Field name="dayCount" label={t('quote.dayCount')}>
                        <Select id="q-dayCount" value={form.dayCount} onChange={(v) => update({ dayCount: v })} options={(['30/360', 'ACT/360', 'ACT/365', 'ACT/ACT'] as const).map((v) => ({ value: v, label: v }))} />
                      </Field>
                    </Col>
                    <Col span={12}>
                      <Field name="rounding" label={t('quote.rounding')}>
                        <Select id="q-rounding" value={form.rounding} onChange={(v) => update({ rounding: v })} options={(['half-up', 'half-even', 'up', 'down'] as const).map((v) => ({ value: v, label: t(`roundings.${v}`) }))} />
                      </Field>
                    </Col>
                  </Row>
                  <Field name="paymentMultiple" label={t('quote.paymentMultiple')}>
                    <Select id="q-paymentMultiple" value={form.paymentMultiple} onChange={(v) => update({ paymentMultiple: v })} options={(['0.01', '1', '100'] as const).map((v) => ({ value: v, label: t(`multiples.${v}`) }))} />
                  </Field>
                </>
              ),
            },
          ]}
        />
      </Form>
    </Card>
  );
}

function Summary() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const result = useQuote((s) => s.result);
  const method = useQuote((s) => s.form.method);
  const formError = useQuote((s) => s.errors.form);
  const stale = useQuote((s) => Object.keys(s.errors).length > 0);
  if (!result) return formError ? <Alert type="error" showIcon title={formError} data-testid="quote-error" /> : null;
  const level = method === 'equal-installment' || method === 'interest-only';
  const apr = result.annualizedRate;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} className={stale ? 'stale' : undefined}>
      {formError && <Alert type="error" showIcon title={formError} data-testid="quote-error" />}
      <Card size="small">
        <Flex wrap gap={32}>
          <Statistic title={level ? t('summary.payment') : t('summary.firstPayment')} valueRender={() => <Money value={result.installments[0]?.total ?? result.payment} testId="payment" />} />
          <Statistic title={t('summary.totalInterest')} valueRender={() => <Money value={result.totals.interest} testId="total-interest" />} />
          <Statistic title={t('summary.totalFees')} valueRender={() => <Money value={result.totals.fees} testId="total-fees" />} />
          <Statistic title={t('summary.totalRepaid')} valueRender={() => <Money value={result.totals.total} testId="total-repaid" />} />
          <Statistic title={t('summary.amountReceived')} valueRender={() => <Money value={result.amountReceived} testId="amount-received" />} />
          <Statistic title={t('summary.maturity')} valueRender={() => <span className="num">{result.maturityDate}</span>} />
        </Flex>
      </Card>
      <Card size="small">
        <Flex wrap gap={32} align="center">
          <Statistic title={t('summary.contractRate')} valueRender={() => <Percent value={result.contractRate} places={2} testId="contract-rate" />} />
          <Statistic title={t('summary.monthlyRate')} valueRender={() => <Percent value={result.rateEquivalents.monthly} places={4} />} />
          <Statistic title={t('summary.dailyRate')} valueRender={() => <Percent value={result.rateEquivalents.daily} places={4} />} />
          <Statistic title={t('summary.aprNominal')} valueRender={() => <Percent value={apr.nominal} places={4} testId="apr-nominal" />} />
          <Statistic title={t('summary.aprCompound')} valueRender={() => <Percent value={apr.compound} places={4} testId="apr-compound" />} />
        </Flex>
      </Card>
      {apr.capWarnings.length > 0 && (
        <Alert
          type={apr.capWarnings.some((w) => w.code === 'above-36') ? 'error' : 'warning'}
          showIcon
          data-testid="cap-warning"
          title={apr.capWarnings
            .map((w) => t(`caps.${w.code}`, { limit: formatPercent(w.limit, lang, 2), lpr: w.lpr ? `${formatPercent(w.lpr.rate, lang, 2)} · ${w.lpr.from}` : '' }))
            .join(' ')}
        />
      )}
    </Space>
  );
}

function ScheduleTable() {
  const { t } = useTranslation();
  const result = useQuote((s) => s.result);
  const columns: ColumnsType<Row> = useMemo(
    () => [
      {
        title: t('table.n'),
        dataIndex: 'n',
        width: 72,
        align: 'right',
        render: (n: number, row) => (row.kind === 'prepayment' ? <Tag color="blue">{t('table.prepayment')}</Tag> : <span className="num">{n}</span>),
      },
      { title: t('table.dueDate'), dataIndex: 'dueDate', width: 120, render: (d: string) => <span className="num">{d}</span> },
      { title: t('table.principal'), dataIndex: 'principal', align: 'right', render: (v: string) => <Money value={v} /> },
      { title: t('table.interest'), dataIndex: 'interest', align: 'right', render: (v: string) => <Money value={v} /> },
      { title: t('table.fee'), dataIndex: 'fee', align: 'right', render: (v: string) => <Money value={v} /> },
      { title: t('table.total'), dataIndex: 'total', align: 'right', render: (v: string) => <strong><Money value={v} /></strong> },
      { title: t('table.balance'), dataIndex: 'balance', align: 'right', render: (v: string) => <Money value={v} /> },
    ],
    [t],
  );
  const stale = useQuote((s) => Object.keys(s.errors).length > 0);
  if (!result) return null;
  return (
    <Card size="small" title={t('table.title')} className={stale ? 'stale' : undefined} extra={<Typography.Text type="secondary">{t('table.rows', { count: result.installments.filter((r) => r.kind === 'installment').length })}</Typography.Text>}>
      <Table<Row>
        data-testid="schedule"
        size="small"
        virtual
        pagination={false}
        scroll={{ y: 420 }}
        rowKey={(r) => `${r.kind}-${r.n}-${r.dueDate}`}
        columns={columns}
        dataSource={result.installments}
        summary={() => (
          <Table.Summary fixed>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>{t('table.totals')}</Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right"><Money value={result.totals.principal} /></Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right"><Money value={result.totals.interest} /></Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right"><Money value={result.totals.installmentFees} /></Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right"><strong><Money value={result.totals.total} /></strong></Table.Summary.Cell>
              <Table.Summary.Cell index={6} />
            </Table.Summary.Row>
          </Table.Summary>
        )}
      />
    </Card>
  );
}

const overlayRoot = (): HTMLElement => document.getElementById('overlay-root') ?? document.body;

function CompareModal() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const comparison = useQuote((s) => s.comparison);
  const close = useQuote((s) => s.closeCompare);
  if (!comparison) return null;
  type Comparison = ApiResult<'quote/compare'>[number];
  const metrics: { key: string; label: string; value: (c: Comparison) => React.ReactNode }[] = [
    { key: 'first', label: t('summary.firstPayment'), value: (c) => formatMoney(c.firstTotal, lang) },
    { key: 'last', label: t('summary.lastPayment'), value: (c) => formatMoney(c.lastTotal, lang) },
    { key: 'interest', label: t('summary.totalInterest'), value: (c) => formatMoney(c.totalInterest, lang) },
    { key: 'fees', label: t('summary.totalFees'), value: (c) => formatMoney(c.totalFees, lang) },
    { key: 'repaid', label: t('summary.totalRepaid'), value: (c) => formatMoney(c.totalRepaid, lang) },
    { key: 'apr', label: t('summary.aprNominal'), value: (c) => formatPercent(c.annualizedRate.nominal, lang, 4) },
    { key: 'aprc', label: t('summary.aprCompound'), value: (c) => formatPercent(c.annualizedRate.compound, lang, 4) },
    { key: 'maturity', label: t('summary.maturity'), value: (c) => c.maturityDate },
  ];
  return (
    // Mounted in the desk's own overlay root: a modal on <body> locks scrolling with an inline style
    // tag the CSP (nonce only, no 'unsafe-inline') would refuse.
    <Modal open width={880} title={t('quote.compareTitle')} onCancel={close} footer={null} data-testid="compare" getContainer={overlayRoot}>
      {/* A plain table: the kit's Table measures scrollbars with a style tag the CSP refuses. */}
      <table className="compare-table">
        <thead>
          <tr>
            <th />
            {comparison.map((c) => (
              <th key={c.method} scope="col">
                <div className="compare-method">{t(`methods.${c.method}`)}</div>
                <div className="compare-note">{t(`methodNotes.${c.method}`)}</div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m.key}>
              <th scope="row">{m.label}</th>
              {comparison.map((c) => (
                <td key={c.method} className="num">
                  {m.value(c)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}

export function QuotePage() {
  const { t } = useTranslation();
  const run = useQuote((s) => s.run);
  const compare = useQuote((s) => s.compare);
  const comparing = useQuote((s) => s.comparing);
  const compareMethods = useQuote((s) => s.compareMethods);
  const setCompareMethods = useQuote((s) => s.setCompareMethods);
  const lang = useApp((s) => s.lang);
  useEffect(() => {
    void run();
  }, [run, lang]);
  return (
    <Row gutter={12} wrap={false} className="quote-page">
      <Col flex="360px">
        <QuoteFormCard />
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Text type="secondary">{t('quote.hint')}</Typography.Text>
            <Space wrap>
              <Checkbox.Group
                value={compareMethods}
                onChange={(v) => setCompareMethods(v as Method[])}
                options={METHODS.map((m) => ({ value: m, label: t(`methods.${m}`) }))}
              />
              <Button type="primary" ghost loading={comparing} onClick={() => void compare()} data-testid="compare-button" title={t('quote.compareHint')}>
                {t('quote.compare')}
              </Button>
            </Space>
          </Flex>
          <Summary />
          <ScheduleTable />
        </Space>
      </Col>
      <CompareModal />
    </Row>
  );
}
