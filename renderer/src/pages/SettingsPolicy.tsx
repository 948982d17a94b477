/**
 * The origination policy in force, as a form: screening rules and their thresholds, the manual
 * review share, approval authority by role, and prices by grade per product. Administrators change
 * it and save a new version (confirmed); branch managers read it. The engine checks the whole
 * policy when it is saved: what it refuses is shown, and marked on the fields it names.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Col, ConfigProvider, Empty, Flex, Form, Input, Modal, Radio, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import type { Rule } from 'antd/es/form';
import type { ButtonProps } from 'antd';
import { ApiError } from '../api/client';
import { useApp } from '../stores/app';
import { useCan } from '../stores/session';
import { GRADES, type Grade, type Product } from '../stores/applications';
import { policyForm, productPricingForm, refusedFields, RULE_ACTIONS, settingsOf, useSettings, type Policy, type PolicyForm, type PriceMode } from '../stores/settings';
import { GradeTag, ProblemAlert, productName } from '../components/ApplicationParts';
import { amountAsTyped, formatMoney, formatPercent } from '../format';

const overlayRoot = (): HTMLElement => document.getElementById('overlay-root') ?? document.body;

const WHOLE = /^\s*\d{1,3}\s*$/;
const PERCENT_BP = /^\s*\d{1,3}(\.\d{1,2})?\s*$/;
const PERCENT = /^\s*\d{1,3}(\.\d{1,6})?\s*$/;
/** A share: a percentage ("33.33") or an exact ratio ("1/3"). */
const SHARE = /^\s*(\d{1,3}(\.\d{1,6})?|\d{1,6}\s*\/\s*\d{1,6})\s*$/;
const AMOUNT = /^\s*\d[\d,，\s]*(\.\d{1,2})?\s*$/;

function useRules() {
  const { t } = useTranslation();
  return useMemo(() => {
    const required = { required: true, whitespace: true, message: t('settings.policy.required') };
    return {
      whole: [required, { pattern: WHOLE, message: t('settings.policy.wholeNumber') }] as Rule[],
      percentBp: [required, { pattern: PERCENT_BP, message: t('settings.policy.percentFormat') }] as Rule[],
      percent: [required, { pattern: PERCENT, message: t('settings.policy.percentFormat') }] as Rule[],
      share: [required, { pattern: SHARE, message: t('settings.policy.shareFormat') }] as Rule[],
      amount: [required, { pattern: AMOUNT, message: t('settings.policy.amountFormat') }] as Rule[],
    };
  }, [t]);
}

/** The amount typed, as money in the desk's locale, under the field: a quick check of the zeros. */
function AmountEcho({ name }: { name: (string | number)[] }) {
  const lang = useApp((s) => s.lang);
  const value = Form.useWatch(name) as string | undefined;
  const amount = amountAsTyped(value ?? '');
  if (!/^\d{1,15}(\.\d{1,2})?$/.test(amount)) return null;
  return <span className="num amount-echo">{formatMoney(amount, lang)}</span>;
}

function ActionField({ name, label }: { name: keyof PolicyForm; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label}>
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        size="small"
        className="rule-action"
        options={RULE_ACTIONS.map((a) => ({ value: a, label: t(`settings.actions.${a}`) }))}
      />
    </Form.Item>
  );
}

function TextField({ name, label, rules, suffix, extra, echo }: { name: keyof PolicyForm; label: string; rules: Rule[]; suffix?: string; extra?: React.ReactNode; echo?: boolean }) {
  return (
    <Form.Item label={label} required={false} extra={extra}>
      <Space size={8} align="center">
        <Form.Item name={name} noStyle rules={rules}>
          <Input className="num-input policy-input" suffix={suffix} autoComplete="off" />
        </Form.Item>
        {echo && <AmountEcho name={[name]} />}
      </Space>
    </Form.Item>
  );
}

function BranchManagerAuthority() {
  const { t } = useTranslation();
  const rules = useRules();
  const unlimited = Form.useWatch('branchManagerUnlimited') as boolean | undefined;
  return (
    <Form.Item label={t('auth.roles.branch_manager')} required={false}>
      <Space size={8} align="center" wrap>
        <Form.Item name="branchManagerUnlimited" valuePropName="checked" noStyle>
          <Switch size="small" data-testid="branch-manager-unlimited" />
        </Form.Item>
        <span>{t('settings.policy.noLimit')}</span>
        {!unlimited && (
          <>
            <Form.Item name="branch_manager" noStyle rules={rules.amount}>
              <Input className="num-input policy-input" suffix={t('settings.policy.yuan')} autoComplete="off" />
            </Form.Item>
            <AmountEcho name={['branch_manager']} />
          </>
        )}
      </Space>
    </Form.Item>
  );
}

const CELL_WIDTH = { rate: 110, maxAmount: 150, maxTerm: 110, incomeMultiple: 90 } as const;

interface GradeRow {
  grade: Grade;
}

/** One product's prices by grade: set here, not priced, or (left empty) priced from the product's own range. */
function ProductPricing({ code, product }: { code: string; product: Product | undefined }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const prices = Form.useWatch(['pricing', code]) as Record<Grade, { mode: PriceMode }> | undefined;
  const required = { required: true, whitespace: true, message: t('settings.policy.required') };
  const modeOf = (g: Grade): PriceMode => prices?.[g]?.mode ?? 'range';
  const rangeHint = (g: Grade) => (g === 'E' ? t('settings.pricing.rangeE') : product ? t('settings.pricing.rangeHint') : t('settings.pricing.rangeHintNoProduct'));
  const cell = (key: 'rate' | 'maxAmount' | 'maxTerm' | 'incomeMultiple', rules: Rule[], suffix?: string) => (_: unknown, r: GradeRow) => {
    const mode = modeOf(r.grade);
    if (mode !== 'set') {
      if (key !== 'rate') return null;
      return mode === 'none' ? (
        <ConfigProvider componentDisabled={false}>
          <Tag color="default" data-testid={`price-none-${code}-${r.grade}`}>
            {t('settings.pricing.notPriced')}
          </Tag>
        </ConfigProvider>
      ) : (
        <Typography.Text type="secondary">{rangeHint(r.grade)}</Typography.Text>
      );
    }
    return (
      <Form.Item name={['pricing', code, r.grade, key]} rules={rules} noStyle={false} className="cell-item">
        <Input className="num-input" size="small" suffix={suffix} autoComplete="off" style={{ width: CELL_WIDTH[key] }} />
      </Form.Item>
    );
  };
  const span = (first: boolean) => (r: GradeRow) => ({ colSpan: modeOf(r.grade) === 'set' ? 1 : first ? 4 : 0 });
  const columns: ColumnsType<GradeRow> = [
    {
      title: t('settings.pricing.grade'),
      dataIndex: 'grade',
      width: 60,
      // The grade is a label, not an input: it keeps its colour when the form is read only.
      render: (g: Grade) => (
        <ConfigProvider componentDisabled={false}>
          <GradeTag grade={g} />
        </ConfigProvider>
      ),
    },
    {
      title: t('settings.pricing.mode'),
      key: 'mode',
      width: 150,
      render: (_: unknown, r) => (
        <Form.Item name={['pricing', code, r.grade, 'mode']} noStyle>
          <Select
            size="small"
            style={{ width: 140 }}
            aria-label={t('settings.pricing.mode')}
            options={(['range', 'set', 'none'] as const).map((m) => ({ value: m, label: t(`settings.pricing.modes.${m}`) }))}
          />
        </Form.Item>
      ),
    },
    { title: t('settings.pricing.rate'), key: 'rate', width: 120, onCell: span(true), render: cell('rate', [required, { pattern: PERCENT, message: t('settings.policy.percentFormat') }], '%') },
    { title: t('settings.pricing.maxAmount'), key: 'maxAmount', width: 150, onCell: span(false), render: cell('maxAmount', [required, { pattern: AMOUNT, message: t('settings.policy.amountFormat') }], t('settings.policy.yuan')) },
    { title: t('settings.pricing.maxTerm'), key: 'maxTerm', width: 110, onCell: span(false), render: cell('maxTerm', [required, { pattern: WHOLE, message: t('settings.policy.wholeNumber') }], t('settings.pricing.months')) },
    { title: t('settings.pricing.incomeMultiple'), key: 'incomeMultiple', width: 110, onCell: span(false), render: cell('incomeMultiple', [required, { pattern: WHOLE, message: t('settings.policy.wholeNumber') }], '×') },
  ];
  return (
    <div className="product-pricing" data-testid={`pricing-${code}`}>
      <Flex justify="space-between" align="baseline" wrap gap={8} className="product-pricing-head">
        <span>
          <Typography.Text strong>{product ? productName(product, lang) : code}</Typography.Text> <Typography.Text type="secondary" className="num">{code}</Typography.Text>
        </span>
        {product && (
          <Typography.Text type="secondary" className="num">
            {t('settings.pricing.productRange', {
              minRate: formatPercent(product.minRate, lang, 2),
              maxRate: formatPercent(product.maxRate, lang, 2),
              minAmount: formatMoney(product.minAmount, lang),
              maxAmount: formatMoney(product.maxAmount, lang),
              minTerm: product.minTerm,
              maxTerm: product.maxTerm,
            })}
          </Typography.Text>
        )}
      </Flex>
      <Table<GradeRow> size="small" rowKey="grade" pagination={false} columns={columns} dataSource={GRADES.map((grade) => ({ grade }))} className="pricing-table" />
    </div>
  );
}

function PricingCard({ codes, products, canManage, onAdd }: { codes: string[]; products: Product[]; canManage: boolean; onAdd: (code: string) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const byCode = new Map(products.map((p) => [p.code, p]));
  const add = () => {
    const c = code.trim().toUpperCase();
    if (!c) return;
    onAdd(c);
    setCode('');
  };
  return (
    <Card
      size="small"
      title={t('settings.pricing.title')}
      data-testid="pricing"
      extra={
        canManage && (
          <Space.Compact size="small">
            <Input aria-label={t('settings.pricing.productCode')} placeholder={t('settings.pricing.productCode')} value={code} onChange={(e) => setCode(e.target.value)} onPressEnter={add} className="num-code" style={{ width: 160 }} />
            <Button icon={<PlusOutlined />} onClick={add} disabled={!code.trim()}>
              {t('settings.pricing.addProduct')}
            </Button>
          </Space.Compact>
        )
      }
    >
      <Typography.Paragraph type="secondary" className="card-hint">
        {t('settings.pricing.hint')}
      </Typography.Paragraph>
      {codes.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settings.pricing.none')} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {codes.map((c) => (
            <ProductPricing key={c} code={c} product={byCode.get(c)} />
          ))}
        </Space>
      )}
    </Card>
  );
}

export function PolicyTab() {
  const readsProducts = useCan('applications.read');
  const { policy, policyError, products, productsLoaded, loadProducts, clearSaved } = useSettings();
  useEffect(() => {
    // Product names and ranges come from the products list, which only lending roles may read.
    if (readsProducts) void loadProducts();
  }, [readsProducts, loadProducts]);
  useEffect(() => () => clearSaved(), [clearSaved]);
  if (!policy) return <ProblemAlert problem={policyError} />;
  if (readsProducts && !productsLoaded) return null;
  // A new version in force: the form starts again from it.
  return <PolicyEditor key={policy.version} policy={policy} products={products} />;
}

function PolicyEditor({ policy, products }: { policy: Policy; products: Product[] }) {
  const { t } = useTranslation();
  const rules = useRules();
  const canManage = useCan('settings.manage');
  const { save, saving, saveError, savedVersion, clearSaved } = useSettings();
  const [form] = Form.useForm<PolicyForm>();
  const [confirming, setConfirming] = useState(false);
  const [codes, setCodes] = useState<string[]>(() => [...new Set([...products.map((p) => p.code), ...Object.keys(policy.settings.pricing)])]);
  const [initial] = useState<PolicyForm>(() => {
    const f = policyForm(policy.settings);
    for (const c of codes) f.pricing[c] ??= productPricingForm(undefined);
    return f;
  });

  const addProduct = (code: string) => {
    if (codes.includes(code)) return;
    form.setFieldValue(['pricing', code], productPricingForm(undefined));
    setCodes([...codes, code]);
  };
  const askToSave = async () => {
    clearSaved();
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setConfirming(true);
  };
  const doSave = async () => {
    setConfirming(false);
    const problem = await save(settingsOf(form.getFieldsValue(true) as PolicyForm));
    if (problem instanceof ApiError) form.setFields(refusedFields(problem).map((name) => ({ name: name as never, errors: [t('settings.policy.refusedField')] })));
  };
  const version = policy.version;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="policy">
      <Card size="small" className="policy-head">
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Space size={10} align="center" wrap>
            <Typography.Text strong>{t('settings.policy.title')}</Typography.Text>
            <Tag color={version === 0 ? 'default' : 'blue'} data-testid="policy-version" data-version={version}>
              {version === 0 ? t('settings.policy.defaults') : t('settings.policy.version', { version })}
            </Tag>
            {!canManage && <Typography.Text type="secondary">{t('settings.policy.readOnly')}</Typography.Text>}
          </Space>
          {canManage && (
            <Space size={8}>
              <Button icon={<UndoOutlined />} onClick={() => { form.resetFields(); clearSaved(); }} data-testid="policy-reset">
                {t('settings.policy.reset')}
              </Button>
              <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void askToSave()} data-testid="policy-save">
                {t('settings.policy.save')}
              </Button>
            </Space>
          )}
        </Flex>
        {savedVersion !== null && <Alert className="policy-alert" type="success" showIcon title={t('settings.policy.saved', { version: savedVersion })} data-testid="policy-saved" />}
        {saveError && (
          <Alert
            className="policy-alert"
            type="error"
            showIcon
            data-testid="policy-error"
            title={saveError instanceof ApiError && saveError.body.key === 'settings.invalid' ? t('settings.policy.refused') : typeof saveError === 'string' ? saveError : saveError.body.message}
            description={saveError instanceof ApiError && saveError.body.key === 'settings.invalid' ? saveError.body.message : undefined}
          />
        )}
      </Card>
      <Form<PolicyForm>
        form={form}
        name="policy"
        initialValues={initial}
        disabled={!canManage}
        layout="horizontal"
        labelCol={{ flex: '168px' }}
        labelWrap
        colon={false}
        requiredMark={false}
        className={canManage ? 'policy-form' : 'policy-form read-only'}
        onSubmitCapture={(e) => e.preventDefault()}
      >
        <Row gutter={[8, 8]}>
          <Col xs={24} xl={12} xxl={8}>
            <Card size="small" title={t('settings.policy.age')}>
              <TextField name="minAge" label={t('settings.policy.minAge')} rules={rules.whole} suffix={t('settings.policy.ageYears')} />
              <TextField name="maxAgeAtMaturity" label={t('settings.policy.maxAgeAtMaturity')} rules={rules.whole} suffix={t('settings.policy.ageYears')} />
              <ActionField name="ageAction" label={t('settings.policy.whenFails')} />
            </Card>
          </Col>
          <Col xs={24} xl={12} xxl={8}>
            <Card size="small" title={t('settings.policy.lists')}>
              <ActionField name="blacklistAction" label={t('settings.policy.blacklist')} />
              <ActionField name="currentOverdueAction" label={t('settings.policy.currentOverdue')} />
              <ActionField name="duplicateAction" label={t('settings.policy.duplicate')} />
            </Card>
          </Col>
          <Col xs={24} xl={12} xxl={8}>
            <Card size="small" title={t('settings.policy.dti')}>
              <TextField name="dtiReview" label={t('settings.policy.dtiReview')} rules={rules.percentBp} suffix="%" />
              <TextField name="dtiDecline" label={t('settings.policy.dtiDecline')} rules={rules.percentBp} suffix="%" />
              <Typography.Paragraph type="secondary" className="card-hint">
                {t('settings.policy.dtiHint')}
              </Typography.Paragraph>
            </Card>
          </Col>
          <Col xs={24} xl={12} xxl={8}>
            <Card size="small" title={t('settings.policy.amounts')}>
              <TextField name="amountCap" label={t('settings.policy.amountCap')} rules={rules.amount} suffix={t('settings.policy.yuan')} echo />
              <ActionField name="amountCapAction" label={t('settings.policy.whenFails')} />
              <TextField name="incomeShare" label={t('settings.policy.incomeShare')} rules={rules.share} extra={t('settings.policy.shareHint')} />
              <ActionField name="incomeShareAction" label={t('settings.policy.whenFails')} />
            </Card>
          </Col>
          <Col xs={24} xl={12} xxl={8}>
            <Card size="small" title={t('settings.policy.business')}>
              <TextField name="minYearsInBusiness" label={t('settings.policy.minYearsInBusiness')} rules={rules.whole} suffix={t('settings.policy.years')} />
              <ActionField name="businessAgeAction" label={t('settings.policy.whenFails')} />
            </Card>
            <Card size="small" title={t('settings.policy.review')} className="stacked-card">
              <TextField name="reviewShare" label={t('settings.policy.reviewShare')} rules={rules.share} extra={`${t('settings.policy.reviewShareHint')} ${t('settings.policy.shareHint')}`} />
            </Card>
          </Col>
          <Col xs={24} xl={12} xxl={8}>
            <Card size="small" title={t('settings.policy.authority')}>
              <TextField name="officer" label={t('auth.roles.officer')} rules={rules.amount} suffix={t('settings.policy.yuan')} echo />
              <TextField name="senior_approver" label={t('auth.roles.senior_approver')} rules={rules.amount} suffix={t('settings.policy.yuan')} echo />
              <BranchManagerAuthority />
              <Typography.Paragraph type="secondary" className="card-hint">
                {t('settings.policy.authorityHint')}
              </Typography.Paragraph>
            </Card>
          </Col>
          <Col span={24}>
            <PricingCard codes={codes} products={products} canManage={canManage} onAdd={addProduct} />
          </Col>
        </Row>
      </Form>
      <Modal
        open={confirming}
        title={t('settings.policy.confirmTitle')}
        okText={t('settings.policy.save')}
        cancelText={t('settings.cancel')}
        onOk={() => void doSave()}
        onCancel={() => setConfirming(false)}
        getContainer={overlayRoot}
        okButtonProps={{ 'data-testid': 'policy-confirm-ok' } as ButtonProps}
      >
        <div data-testid="policy-confirm">{t('settings.policy.confirmBody', { version: version + 1 })}</div>
      </Modal>
    </Space>
  );
}
