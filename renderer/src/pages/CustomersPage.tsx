import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wordFor } from '../i18n/words';
import { Alert, Button, Card, Col, Descriptions, Drawer, Empty, Flex, Form, Input, Row, Segmented, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { PlusOutlined, SearchOutlined, ArrowLeftOutlined, UploadOutlined, EditOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useCustomers, type CustomerDetail, type CustomerForm } from '../stores/customers';
import { useSession } from '../stores/session';
import { call, ApiError } from '../api/client';
import { Money } from '../components/Money';
import { StateTag } from '../components/ApplicationParts';
import { useApplications } from '../stores/applications';
import { useApp } from '../stores/app';
import { maskIdNumber, maskPhone } from '../format';
import { openLoan } from '../stores/loans';
import { LoanStatusTag } from './LoansPage';

type Item = ReturnType<typeof useCustomers.getState>['items'][number];

const overlayRoot = (): HTMLElement => document.getElementById('overlay-root') ?? document.body;

function CustomerList() {
  const { t } = useTranslation();
  const { query, items, nextCursor, loading, setQuery, load, open, startEdit } = useCustomers();
  const canWrite = useSession((s) => s.user?.role !== 'collections' && s.user?.role !== 'admin');
  useEffect(() => {
    void load();
  }, [load]);
  const columns: ColumnsType<Item> = useMemo(
    () => [
      { title: t('customers.name'), dataIndex: 'name', render: (name: string, r) => <a onClick={() => void open(r.id)} data-testid="customer-row">{name}</a> },
      { title: t('customers.kind'), dataIndex: 'kind', width: 90, render: (k: Item['kind']) => <Tag color={k === 'business' ? 'purple' : 'blue'}>{t(`customers.${k}`)}</Tag> },
      { title: `${t('customers.idNumber')} / ${t('customers.creditCode')}`, key: 'code', width: 230, render: (_: unknown, r) => <span className="num">{r.kind === 'business' ? r.creditCode : maskIdNumber(r.idNumber)}</span> },
      { title: t('customers.phone'), dataIndex: 'phone', width: 140, render: (p: string | null) => <span className="num">{maskPhone(p)}</span> },
      { title: t('customers.createdAt'), dataIndex: 'createdAt', width: 120, render: (d: string) => <span className="num">{d.slice(0, 10)}</span> },
    ],
    [t, open],
  );
  return (
    <Card
      size="small"
      title={t('customers.title')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => startEdit(null)} data-testid="new-customer">
            {t('customers.new')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size={8}>
        <Input
          id="customer-search"
          allowClear
          autoFocus
          prefix={<SearchOutlined />}
          placeholder={t('customers.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="customer-search"
        />
        <Table<Item>
          size="small"
          virtual
          loading={loading}
          rowKey="id"
          columns={columns}
          dataSource={items}
          pagination={false}
          scroll={{ y: 560 }}
          locale={{ emptyText: <Empty description={t('customers.empty')} /> }}
          onRow={(r) => ({ onDoubleClick: () => void open(r.id), onKeyDown: (e) => e.key === 'Enter' && void open(r.id), tabIndex: 0 })}
          onScroll={(e) => {
            const el = e.currentTarget;
            if (nextCursor && !loading && el.scrollTop + el.clientHeight > el.scrollHeight - 200) void load(true);
          }}
        />
        <Flex justify="space-between">
          <Typography.Text type="secondary">{t('customers.rows', { count: items.length })}</Typography.Text>
          {nextCursor && <Button size="small" onClick={() => void load(true)}>{t('customers.more')}</Button>}
        </Flex>
      </Space>
    </Card>
  );
}

function CustomerFormDrawer() {
  const { t } = useTranslation();
  const { editing, cancelEdit, save, saving, formErrors, formError } = useCustomers();
  const [form, setForm] = useState<CustomerForm>(editing?.initial ?? { kind: 'individual', name: '' });
  useEffect(() => {
    if (editing) setForm(editing.initial);
  }, [editing]);
  if (!editing) return null;
  const field = (name: keyof CustomerForm, label: string, extra: Record<string, unknown> = {}) => (
    <Form.Item label={label} validateStatus={formErrors[name] ? 'error' : undefined} help={formErrors[name]} htmlFor={`c-${name}`}>
      <Input
        id={`c-${name}`}
        value={(form[name] as string | undefined) ?? ''}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        autoComplete="off"
        {...extra}
      />
    </Form.Item>
  );
  const business = form.kind === 'business';
  const checksumWarning = formErrors.creditCode && /校验位|check character/.test(formErrors.creditCode);
  return (
    <Drawer open width={520} title={editing.id ? t('customers.edit') : t('customers.new')} onClose={cancelEdit} getContainer={overlayRoot} destroyOnHidden>
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        {!editing.id && (
          <Form.Item label={t('customers.kind')}>
            <Segmented
              value={form.kind}
              onChange={(kind) => setForm({ ...form, kind: kind as 'individual' | 'business' })}
              options={[
                { value: 'individual', label: t('customers.individual') },
                { value: 'business', label: t('customers.business') },
              ]}
            />
          </Form.Item>
        )}
        {field('name', t('customers.name'), { autoFocus: true })}
        {business ? (
          <>
            {field('creditCode', t('customers.creditCode'), { className: 'num-code' })}
            {checksumWarning && field('creditCodeOverrideReason', t('customers.overrideReason'))}
            {field('legalRepresentative', t('customers.legalRepresentative'))}
            <Row gutter={8}>
              <Col span={14}>{field('annualRevenue', t('customers.annualRevenue'), { inputMode: 'decimal', className: 'num-input' })}</Col>
              <Col span={10}>
                <Form.Item label={t('customers.yearsInBusiness')} htmlFor="c-yearsInBusiness">
                  <Input
                    id="c-yearsInBusiness"
                    inputMode="numeric"
                    className="num-input"
                    value={form.yearsInBusiness === undefined ? '' : String(form.yearsInBusiness)}
                    onChange={(e) => setForm({ ...form, yearsInBusiness: /^\d{1,3}$/.test(e.target.value) ? Number(e.target.value) : undefined })}
                  />
                </Form.Item>
              </Col>
            </Row>
          </>
        ) : (
          <>
            {field('idNumber', t('customers.idNumber'), { className: 'num-code', maxLength: 18 })}
            {field('employer', t('customers.employer'))}
            {field('monthlyIncome', t('customers.monthlyIncome'), { inputMode: 'decimal', className: 'num-input' })}
          </>
        )}
        {field('phone', t('customers.phone'), { inputMode: 'tel' })}
        {field('address', t('customers.address'))}
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} data-testid="customer-form-error" />}
        <Space>
          <Button type="primary" loading={saving} onClick={() => void save(form)} data-testid="save-customer">
            {t('customers.save')}
          </Button>
          <Button onClick={cancelEdit}>{t('customers.cancel')}</Button>
        </Space>
      </Form>
    </Drawer>
  );
}

function Documents({ detail }: { detail: CustomerDetail }) {
  const { t } = useTranslation();
  const open = useCustomers((s) => s.open);
  const [kind, setKind] = useState<'id_card' | 'income_proof' | 'bank_statement' | 'business_licence' | 'other'>('id_card');
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ url: string; mime: string; name: string } | null>(null);
  const canWrite = useSession((s) => s.user?.role !== 'collections');
  const show = async (id: string) => {
    const doc = await call('documents/content', { id });
    const bytes = Uint8Array.from(atob(doc.contentBase64), (c) => c.charCodeAt(0));
    if (preview) URL.revokeObjectURL(preview.url);
    setPreview({ url: URL.createObjectURL(new Blob([bytes], { type: doc.mimeType })), mime: doc.mimeType, name: doc.fileName });
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canWrite && (
        <Space>
          <Select value={kind} onChange={setKind} style={{ width: 160 }} options={(['id_card', 'income_proof', 'bank_statement', 'business_licence', 'other'] as const).map((k) => ({ value: k, label: wordFor(t, 'customers.docKinds', k) }))} />
          <Upload
            showUploadList={false}
            accept=".pdf,.png,.jpg,.jpeg"
            beforeUpload={async (file) => {
              setError(null);
              const buffer = new Uint8Array(await file.arrayBuffer());
              let binary = '';
              for (let i = 0; i < buffer.length; i += 0x8000) binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
              try {
                await call('documents/add', { customerId: detail.customer.id, kind, fileName: file.name, contentBase64: btoa(binary) });
                await open(detail.customer.id);
              } catch (e) {
                setError(e instanceof ApiError ? e.body.message : String(e));
              }
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="upload-document">{t('customers.upload')}</Button>
          </Upload>
        </Space>
      )}
      {error && <Alert type="error" showIcon title={error} />}
      {detail.documents.length === 0 ? (
        <Empty description={t('customers.noDocuments')} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={detail.documents}
          columns={[
            { title: t('customers.docKind'), dataIndex: 'kind', render: (k: string) => wordFor(t, 'customers.docKinds', k) },
            { title: t('customers.name'), dataIndex: 'fileName' },
            { title: 'KB', dataIndex: 'sizeBytes', align: 'right', render: (n: number) => <span className="num">{(n / 1024).toFixed(1)}</span> },
            { title: '', key: 'p', render: (_: unknown, d: { id: string }) => <a onClick={() => void show(d.id)}>{t('customers.preview')}</a> },
          ]}
        />
      )}
      {preview &&
        (preview.mime.startsWith('image/') ? (
          <img src={preview.url} alt={preview.name} style={{ maxWidth: '100%', border: '1px solid #e5e6eb' }} data-testid="document-preview" />
        ) : (
          <iframe title={preview.name} src={preview.url} style={{ width: '100%', height: 480, border: '1px solid #e5e6eb' }} data-testid="document-preview" />
        ))}
    </Space>
  );
}

function CustomerPage({ detail }: { detail: CustomerDetail }) {
  const { t } = useTranslation();
  const { open, startEdit } = useCustomers();
  const canWrite = useSession((s) => s.user?.role !== 'collections' && s.user?.role !== 'admin');
  const c = detail.customer;
  const business = c.kind === 'business';
  const categoryColor: Record<string, string> = { normal: 'green', special: 'gold', substandard: 'orange', doubtful: 'red', loss: 'magenta' };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={8} data-testid="customer-page">
      <Flex justify="space-between">
        <Button icon={<ArrowLeftOutlined />} onClick={() => void open(null)}>{t('customers.back')}</Button>
        {canWrite && (
          <Button
            icon={<EditOutlined />}
            onClick={() =>
              startEdit(c.id, {
                kind: c.kind,
                name: c.name,
                idNumber: c.idNumber ?? undefined,
                creditCode: c.creditCode ?? undefined,
                phone: c.phone ?? undefined,
                address: c.address ?? undefined,
                employer: c.employer ?? undefined,
                monthlyIncome: c.monthlyIncome ?? undefined,
                legalRepresentative: c.legalRepresentative ?? undefined,
                annualRevenue: c.annualRevenue ?? undefined,
                yearsInBusiness: c.yearsInBusiness ?? undefined,
              })
            }
          >
            {t('customers.edit')}
          </Button>
        )}
      </Flex>
      <Card size="small" title={<Space><span data-testid="customer-name">{c.name}</span><Tag color={business ? 'purple' : 'blue'}>{t(`customers.${c.kind}`)}</Tag></Space>}>
        <Descriptions size="small" column={3} bordered>
          {business ? (
            <>
              <Descriptions.Item label={t('customers.creditCode')}><span className="num">{c.creditCode}</span></Descriptions.Item>
              <Descriptions.Item label={t('customers.legalRepresentative')}>{c.legalRepresentative}</Descriptions.Item>
              <Descriptions.Item label={t('customers.yearsInBusiness')}>{c.yearsInBusiness}</Descriptions.Item>
              <Descriptions.Item label={t('customers.annualRevenue')}>{c.annualRevenue && <Money value={c.annualRevenue} />}</Descriptions.Item>
            </>
          ) : (
            <>
              <Descriptions.Item label={t('customers.idNumber')}><span className="num" data-testid="customer-id-number">{c.idNumber}</span></Descriptions.Item>
              <Descriptions.Item label={t('customers.birthDate')}><span className="num">{c.birthDate}</span></Descriptions.Item>
              <Descriptions.Item label={t('customers.gender')}>{c.gender === 'M' ? t('customers.male') : t('customers.female')}</Descriptions.Item>
              <Descriptions.Item label={t('customers.employer')}>{c.employer}</Descriptions.Item>
              <Descriptions.Item label={t('customers.monthlyIncome')}>{c.monthlyIncome && <Money value={c.monthlyIncome} />}</Descriptions.Item>
            </>
          )}
          <Descriptions.Item label={t('customers.phone')}><span className="num" data-testid="customer-phone">{c.phone}</span></Descriptions.Item>
          <Descriptions.Item label={t('customers.address')} span={2}>{c.address}</Descriptions.Item>
          <Descriptions.Item label={t('customers.createdAt')}><span className="num">{c.createdAt.slice(0, 10)}</span></Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'loans',
              label: `${t('customers.loans')} (${detail.loans.length})`,
              children: (
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={detail.loans}
                  locale={{ emptyText: <Empty description={t('customers.noLoans')} /> }}
                  columns={[
                    {
                      title: t('customers.loanNumber'),
                      dataIndex: 'number',
                      render: (v: string, r: { id: string }) => (
                        <a className="num" onClick={() => void openLoan(r.id)} data-testid="customer-loan-link">
                          {v}
                        </a>
                      ),
                    },
                    { title: t('customers.principal'), dataIndex: 'principal', align: 'right', render: (v: string) => <Money value={v} /> },
                    { title: t('customers.outstanding'), dataIndex: 'outstandingPrincipal', align: 'right', render: (v: string) => <Money value={v} /> },
                    { title: t('customers.disbursed'), dataIndex: 'disbursementDate', render: (v: string) => <span className="num">{v}</span> },
                    { title: t('customers.maturity'), dataIndex: 'maturityDate', render: (v: string) => <span className="num">{v}</span> },
                    { title: t('customers.status'), dataIndex: 'status', render: (v: string) => <LoanStatusTag status={v} /> },
                    { title: t('customers.category'), dataIndex: 'fiveCategory', render: (v: string) => <Tag color={categoryColor[v]}>{wordFor(t, 'eod.categories', v)}</Tag> },
                  ]}
                />
              ),
            },
            {
              key: 'applications',
              label: `${t('customers.applications')} (${detail.applications.length})`,
              children: (
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={detail.applications}
                  locale={{ emptyText: <Empty description={t('customers.noApplications')} /> }}
                  columns={[
                    {
                      title: t('customers.appNumber'),
                      dataIndex: 'number',
                      render: (v: string, r: { id: string }) => (
                        <a
                          className="num"
                          onClick={() => {
                            void useApplications.getState().open(r.id);
                            useApp.getState().setPage('applications');
                          }}
                        >
                          {v}
                        </a>
                      ),
                    },
                    { title: t('customers.amount'), dataIndex: 'amount', align: 'right', render: (v: string) => <Money value={v} /> },
                    { title: t('customers.state'), dataIndex: 'state', render: (v: string) => <StateTag state={v} /> },
                    { title: t('customers.createdAt'), dataIndex: 'createdAt', render: (v: string) => <span className="num">{v.slice(0, 10)}</span> },
                  ]}
                />
              ),
            },
            { key: 'documents', label: `${t('customers.documents')} (${detail.documents.length})`, children: <Documents detail={detail} /> },
          ]}
        />
      </Card>
    </Space>
  );
}

export function CustomersPage() {
  const { openId, detail } = useCustomers();
  return (
    <>
      {openId ? detail ? <CustomerPage detail={detail} /> : null : <CustomerList />}
      <CustomerFormDrawer />
    </>
  );
}
