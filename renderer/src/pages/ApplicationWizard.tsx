/**
 * Taking an application, step by step: the customer, the loan, income and the credit report, the
 * documents, then a last look and submit. The draft is saved when the figures are all in (leaving
 * step 3), so documents attach to it; the engine checks every field and its messages go under them.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wordFor } from '../i18n/words';
import { Alert, Button, Col, Descriptions, Divider, Drawer, Empty, Flex, Form, Input, Radio, Row, Space, Steps, Table, Tag, Typography } from 'antd';
import { SearchOutlined, CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { call, type ApiResult } from '../api/client';
import { useApplications, WIZARD_STEPS, type WizardForm } from '../stores/applications';
import { useApp } from '../stores/app';
import { DocumentUpload, ProblemAlert, productName } from '../components/ApplicationParts';
import { Money } from '../components/Money';
import { formatMoney, formatPercent, maskIdNumber, maskPhone } from '../format';

type CustomerItem = ApiResult<'customers/search'>['items'][number];

const overlayRoot = (): HTMLElement => document.getElementById('overlay-root') ?? document.body;

function Field({ name, label, hint, children }: { name: keyof WizardForm | 'customerId'; label: string; hint?: React.ReactNode; children: React.ReactNode }) {
  const { t } = useTranslation();
  const error = useApplications((s) => s.wizard?.errors[name]);
  const message = error === 'required' ? t('applications.wizard.required') : error;
  return (
    <Form.Item label={label} validateStatus={message ? 'error' : undefined} help={message ?? hint} htmlFor={`w-${name}`}>
      {children}
    </Form.Item>
  );
}

/** Props for a text input bound to one wizard field; Enter goes on to the next step. */
function useText() {
  const form = useApplications((s) => s.wizard?.form);
  const step = useApplications((s) => s.wizard?.step ?? 0);
  const updateForm = useApplications((s) => s.updateForm);
  const goTo = useApplications((s) => s.goTo);
  return (name: keyof WizardForm, extra: Record<string, unknown> = {}) => ({
    id: `w-${name}`,
    value: form?.[name] ?? '',
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => updateForm({ [name]: e.target.value } as Partial<WizardForm>),
    onPressEnter: () => void goTo(step + 1),
    autoComplete: 'off',
    ...extra,
  });
}

function CustomerStep() {
  const { t } = useTranslation();
  const customer = useApplications((s) => s.wizard?.customer ?? null);
  const setCustomer = useApplications((s) => s.setCustomer);
  const goTo = useApplications((s) => s.goTo);
  const error = useApplications((s) => s.wizard?.errors.customerId);
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<CustomerItem[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let current = true;
    setLoading(true);
    const timer = setTimeout(() => {
      void call('customers/search', { ...(query.trim() ? { query: query.trim() } : {}), limit: 20 })
        .then((r) => current && setItems(r.items))
        .finally(() => current && setLoading(false));
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);
  const pick = (c: CustomerItem) => setCustomer({ id: c.id, name: c.name, idNumber: c.idNumber, creditCode: c.creditCode, phone: c.phone });
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Input
        id="w-customer-search"
        data-testid="wizard-customer-search"
        allowClear
        autoFocus
        prefix={<SearchOutlined />}
        placeholder={t('applications.wizard.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onPressEnter={() => {
          const only = items.length === 1 ? items[0] : undefined;
          if (only) pick(only);
        }}
      />
      {error && <Alert type="error" showIcon title={t('applications.wizard.pickCustomer')} />}
      {customer && (
        <Alert
          type="info"
          data-testid="wizard-customer"
          title={
            <Space>
              <span>{t('applications.wizard.chosen')}</span>
              <strong>{customer.name}</strong>
              <span className="num">{customer.creditCode ?? maskIdNumber(customer.idNumber)}</span>
              <span className="num">{maskPhone(customer.phone)}</span>
            </Space>
          }
        />
      )}
      <Table<CustomerItem>
        size="small"
        rowKey="id"
        loading={loading}
        pagination={false}
        dataSource={items}
        scroll={{ y: 360 }}
        locale={{ emptyText: <Empty description={t('applications.wizard.noCustomers')} /> }}
        rowSelection={{ type: 'radio', selectedRowKeys: customer ? [customer.id] : [], onChange: (_keys, rows) => rows[0] && pick(rows[0]) }}
        onRow={(c) => ({
          onClick: () => pick(c),
          onDoubleClick: () => {
            pick(c);
            void goTo(1);
          },
          onKeyDown: (e) => {
            if (e.key === 'Enter') {
              pick(c);
              void goTo(1);
            }
          },
          tabIndex: 0,
          'data-testid': 'wizard-customer-row',
        }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('customers.name'), dataIndex: 'name' },
          { title: `${t('customers.idNumber')} / ${t('customers.creditCode')}`, key: 'code', width: 220, render: (_: unknown, c) => <span className="num">{c.kind === 'business' ? c.creditCode : maskIdNumber(c.idNumber)}</span> },
          { title: t('customers.phone'), dataIndex: 'phone', width: 130, render: (p: string | null) => <span className="num">{maskPhone(p)}</span> },
        ]}
      />
    </Space>
  );
}

function LoanStep() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const products = useApplications((s) => s.products);
  const productId = useApplications((s) => s.wizard?.form.productId ?? '');
  const updateForm = useApplications((s) => s.updateForm);
  const text = useText();
  const product = products.find((p) => p.id === productId);
  return (
    <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()} className="wizard-form">
      <Field name="productId" label={t('applications.wizard.product')}>
        <Radio.Group id="w-productId" value={productId || undefined} onChange={(e) => updateForm({ productId: e.target.value as string })} className="product-choice" data-testid="wizard-products">
          {products.map((p) => (
            <Radio key={p.id} value={p.id} data-testid={`product-${p.id}`}>
              <span className="product-name">{productName(p, lang)}</span>
              <Tag>{t(`methods.${p.method}`)}</Tag>
              <Typography.Text type="secondary" className="num product-ranges">
                {t('applications.wizard.ranges', {
                  min: formatMoney(p.minAmount, lang),
                  max: formatMoney(p.maxAmount, lang),
                  minTerm: p.minTerm,
                  maxTerm: p.maxTerm,
                  minRate: formatPercent(p.minRate, lang, 2),
                  maxRate: formatPercent(p.maxRate, lang, 2),
                })}
              </Typography.Text>
            </Radio>
          ))}
        </Radio.Group>
      </Field>
      <Row gutter={12}>
        <Col span={10}>
          <Field name="amount" label={t('applications.wizard.amount')} hint={product && t('applications.wizard.amountHint', { min: formatMoney(product.minAmount, lang), max: formatMoney(product.maxAmount, lang) })}>
            <Input {...text('amount', { inputMode: 'decimal', className: 'num-input' })} />
          </Field>
        </Col>
        <Col span={6}>
          <Field name="term" label={t('applications.wizard.term')} hint={product && t('applications.wizard.termHint', { min: product.minTerm, max: product.maxTerm })}>
            <Input {...text('term', { inputMode: 'numeric', className: 'num-input' })} />
          </Field>
        </Col>
        <Col span={8}>
          <Field name="purpose" label={t('applications.wizard.purpose')}>
            <Input {...text('purpose', { maxLength: 100 })} />
          </Field>
        </Col>
      </Row>
    </Form>
  );
}

function FinancesStep() {
  const { t } = useTranslation();
  const text = useText();
  const notes = useApplications((s) => s.wizard?.form.notes ?? '');
  const updateForm = useApplications((s) => s.updateForm);
  return (
    <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()} className="wizard-form">
      <Divider titlePlacement="start" plain>{t('applications.wizard.income')}</Divider>
      <Row gutter={12}>
        <Col span={8}>
          <Field name="monthlyIncome" label={t('applications.wizard.monthlyIncome')}>
            <Input {...text('monthlyIncome', { inputMode: 'decimal', className: 'num-input', autoFocus: true })} />
          </Field>
        </Col>
        <Col span={8}>
          <Field name="monthlyDebt" label={t('applications.wizard.monthlyDebt')}>
            <Input {...text('monthlyDebt', { inputMode: 'decimal', className: 'num-input' })} />
          </Field>
        </Col>
        <Col span={8}>
          <Field name="employmentYears" label={t('applications.wizard.employmentYears')}>
            <Input {...text('employmentYears', { inputMode: 'numeric', className: 'num-input' })} />
          </Field>
        </Col>
      </Row>
      <Field name="employer" label={t('applications.wizard.employer')}>
        <Input {...text('employer', { maxLength: 100 })} />
      </Field>
      <Divider titlePlacement="start" plain>{t('applications.wizard.bureau')}</Divider>
      <Row gutter={12}>
        <Col span={8}>
          <Field name="bureauOverdue24m" label={t('applications.wizard.bureauOverdue24m')}>
            <Input {...text('bureauOverdue24m', { inputMode: 'numeric', className: 'num-input' })} />
          </Field>
        </Col>
        <Col span={8}>
          <Field name="bureauInquiries6m" label={t('applications.wizard.bureauInquiries6m')}>
            <Input {...text('bureauInquiries6m', { inputMode: 'numeric', className: 'num-input' })} />
          </Field>
        </Col>
        <Col span={8}>
          <Field name="bureauCurrentOverdue" label={t('applications.wizard.bureauCurrentOverdue')}>
            <Input {...text('bureauCurrentOverdue', { inputMode: 'numeric', className: 'num-input' })} />
          </Field>
        </Col>
      </Row>
      <Field name="notes" label={t('applications.wizard.notes')}>
        <Input.TextArea id="w-notes" rows={2} maxLength={500} value={notes} onChange={(e) => updateForm({ notes: e.target.value })} />
      </Field>
    </Form>
  );
}

function Checklist() {
  const { t } = useTranslation();
  const draft = useApplications((s) => s.wizard?.draft ?? null);
  const uploading = useApplications((s) => s.wizard?.uploading ?? null);
  const upload = useApplications((s) => s.upload);
  if (!draft) return null;
  return (
    <table className="checklist" data-testid="wizard-checklist">
      <tbody>
        {draft.checklist.map((c) => {
          const files = draft.documents.filter((d) => d.kind === c.kind);
          return (
            <tr key={c.kind} data-testid={`checklist-${c.kind}`} data-present={c.present}>
              <th scope="row">{wordFor(t, 'customers.docKinds', c.kind)}</th>
              <td>
                {c.present ? (
                  <Tag color="green" icon={<CheckCircleFilled />}>{t('applications.wizard.present')}</Tag>
                ) : (
                  <Tag color="red" icon={<ExclamationCircleFilled />}>{t('applications.wizard.missing')}</Tag>
                )}
              </td>
              <td className="files">{files.map((f) => f.fileName).join(', ')}</td>
              <td className="action">
                <DocumentUpload kind={c.kind as never} present={c.present} loading={uploading === c.kind} disabled={uploading !== null} onFile={(name, b64) => upload(c.kind as never, name, b64)} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function DocumentsStep() {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('applications.wizard.documentsHint')}</Typography.Text>
      <Checklist />
    </Space>
  );
}

function ReviewStep() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const wizard = useApplications((s) => s.wizard);
  const draft = wizard?.draft;
  if (!wizard || !draft) return null;
  const a = draft.application;
  const dash = (v: string | number | null) => (v === null || v === '' ? '—' : <span className="num">{v}</span>);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="wizard-review">
      <Descriptions
        size="small"
        bordered
        column={2}
        items={[
          { key: 'customer', label: t('applications.customer'), children: draft.customer?.name ?? '—' },
          { key: 'product', label: t('applications.product'), children: productName(draft.product, lang) },
          { key: 'amount', label: t('applications.amount'), children: <Money value={a.amount} /> },
          { key: 'term', label: t('applications.term'), children: t('applications.months', { count: a.term }) },
          { key: 'purpose', label: t('applications.purpose'), children: a.purpose },
          { key: 'employer', label: t('applications.wizard.employer'), children: a.employer ?? '—' },
          { key: 'income', label: t('applications.wizard.monthlyIncome'), children: a.monthlyIncome ? <Money value={a.monthlyIncome} /> : '—' },
          { key: 'debt', label: t('applications.wizard.monthlyDebt'), children: a.monthlyDebt ? <Money value={a.monthlyDebt} /> : '—' },
          { key: 'years', label: t('applications.wizard.employmentYears'), children: dash(a.employmentYears) },
          { key: 'o24', label: t('applications.wizard.bureauOverdue24m'), children: dash(a.bureauOverdue24m) },
          { key: 'i6', label: t('applications.wizard.bureauInquiries6m'), children: dash(a.bureauInquiries6m) },
          { key: 'cur', label: t('applications.wizard.bureauCurrentOverdue'), children: dash(a.bureauCurrentOverdue) },
        ]}
      />
      <Checklist />
    </Space>
  );
}

export function ApplicationWizard() {
  const { t } = useTranslation();
  const wizard = useApplications((s) => s.wizard);
  const { closeWizard, goTo, submitWizard } = useApplications.getState();
  const steps = useMemo(() => WIZARD_STEPS.map((s) => ({ key: s, title: t(`applications.wizard.steps.${s}`) })), [t]);
  if (!wizard) return null;
  const last = wizard.step === WIZARD_STEPS.length - 1;
  const title = wizard.number && wizard.draft?.application.state !== 'draft' && wizard.draft ? t('applications.wizard.editTitle', { number: wizard.number }) : t('applications.wizard.title');
  return (
    <Drawer
      open
      size={880}
      title={
        <Flex justify="space-between" align="center">
          <span>{title}</span>
          {wizard.number && <Typography.Text type="secondary" className="num" data-testid="wizard-number">{t('applications.wizard.draft', { number: wizard.number })}</Typography.Text>}
        </Flex>
      }
      onClose={closeWizard}
      getContainer={overlayRoot}
      destroyOnHidden
      data-testid="wizard"
      footer={
        <Flex justify="space-between">
          <Space>
            <Button onClick={() => void goTo(wizard.step - 1)} disabled={wizard.step === 0 || wizard.busy} data-testid="wizard-back">
              {t('applications.wizard.back')}
            </Button>
            {wizard.draftId && <Button type="text" onClick={closeWizard}>{t('applications.wizard.saveAndClose')}</Button>}
          </Space>
          {last ? (
            <Button type="primary" loading={wizard.busy} onClick={() => void submitWizard()} data-testid="wizard-submit">
              {t('applications.wizard.submit')}
            </Button>
          ) : (
            <Button type="primary" loading={wizard.busy} onClick={() => void goTo(wizard.step + 1)} data-testid="wizard-next">
              {t('applications.wizard.next')}
            </Button>
          )}
        </Flex>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Steps size="small" current={wizard.step} items={steps} onChange={(s) => void goTo(s)} />
        <ProblemAlert problem={wizard.error} testId="wizard-error" />
        {wizard.step === 0 && <CustomerStep />}
        {wizard.step === 1 && <LoanStep />}
        {wizard.step === 2 && <FinancesStep />}
        {wizard.step === 3 && <DocumentsStep />}
        {wizard.step === 4 && <ReviewStep />}
      </Space>
    </Drawer>
  );
}
