/**
 * What issued documents print about the lender: its name, address, phone and licence, the court
 * named for disputes, and extra clauses at the end of every contract. Administrators change them and
 * save a new version (confirmed); branch managers read them. The engine checks them when saved.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Col, Empty, Flex, Form, Input, Modal, Row, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import type { ButtonProps } from 'antd';
import type { Rule } from 'antd/es/form';
import { ApiError } from '../api/client';
import { useCan } from '../stores/session';
import { useSettings, type DocumentSettings, type DocumentSettingsRead } from '../stores/settings';
import { ProblemAlert } from '../components/ApplicationParts';

const overlayRoot = (): HTMLElement => document.getElementById('overlay-root') ?? document.body;

/** The fields a `settings.invalid` refusal names ("lender.name: …; extraClauses.2: …"). */
function refusedPaths(e: unknown): (string | number)[][] {
  if (!(e instanceof ApiError) || e.body.key !== 'settings.invalid') return [];
  const reason = String(e.body.details.reason ?? '');
  const out: (string | number)[][] = [];
  for (const part of reason.split(/;\s*/)) {
    const path = /^([A-Za-z_][\w.]*)\s*:/.exec(part.trim())?.[1];
    if (path) out.push(path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)));
  }
  return out;
}

/** Trimmed as the engine keeps them; empty clauses left out. */
const cleaned = (f: DocumentSettings): DocumentSettings => ({
  lender: { name: f.lender.name.trim(), address: f.lender.address.trim(), phone: f.lender.phone.trim(), licence: f.lender.licence.trim() },
  court: f.court.trim(),
  extraClauses: (f.extraClauses ?? []).map((c) => c.trim()).filter(Boolean),
});

export function DocumentsTab() {
  const { docs, docsError, loadDocs, clearDocsSaved } = useSettings();
  useEffect(() => {
    void loadDocs();
  }, [loadDocs]);
  useEffect(() => () => clearDocsSaved(), [clearDocsSaved]);
  if (!docs) return <ProblemAlert problem={docsError} />;
  // A new version saved: the form starts again from it.
  return <DocumentsEditor key={docs.version} docs={docs} />;
}

function DocumentsEditor({ docs }: { docs: DocumentSettingsRead }) {
  const { t } = useTranslation();
  const canManage = useCan('settings.manage');
  const { saveDocs, docsSaving, docsSaveError, docsSavedVersion, clearDocsSaved } = useSettings();
  const [form] = Form.useForm<DocumentSettings>();
  const [confirming, setConfirming] = useState(false);
  const required: Rule[] = [{ required: true, whitespace: true, message: t('settings.policy.required') }];
  const version = docs.version;

  const askToSave = async () => {
    clearDocsSaved();
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setConfirming(true);
  };
  const doSave = async () => {
    setConfirming(false);
    const problem = await saveDocs(cleaned(form.getFieldsValue(true) as DocumentSettings));
    if (problem instanceof ApiError) form.setFields(refusedPaths(problem).map((name) => ({ name: name as never, errors: [t('settings.policy.refusedField')] })));
  };

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="document-settings">
      <Card size="small" className="policy-head">
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Space size={10} align="center" wrap>
            <Typography.Text strong>{t('settings.documents.title')}</Typography.Text>
            <Tag color={version === 0 ? 'default' : 'blue'} data-testid="documents-version" data-version={version}>
              {version === 0 ? t('settings.policy.defaults') : t('settings.policy.version', { version })}
            </Tag>
            {!canManage && <Typography.Text type="secondary">{t('settings.documents.readOnly')}</Typography.Text>}
          </Space>
          {canManage && (
            <Space size={8}>
              <Button
                icon={<UndoOutlined />}
                onClick={() => {
                  form.resetFields();
                  clearDocsSaved();
                }}
                data-testid="documents-reset"
              >
                {t('settings.policy.reset')}
              </Button>
              <Button type="primary" icon={<SaveOutlined />} loading={docsSaving} onClick={() => void askToSave()} data-testid="documents-save">
                {t('settings.policy.save')}
              </Button>
            </Space>
          )}
        </Flex>
        <Typography.Paragraph type="secondary" className="card-hint documents-hint">
          {t('settings.documents.hint')}
        </Typography.Paragraph>
        {docsSavedVersion !== null && <Alert className="policy-alert" type="success" showIcon title={t('settings.policy.saved', { version: docsSavedVersion })} data-testid="documents-saved" />}
        {docsSaveError && (
          <Alert
            className="policy-alert"
            type="error"
            showIcon
            data-testid="documents-error"
            title={docsSaveError instanceof ApiError && docsSaveError.body.key === 'settings.invalid' ? t('settings.documents.refused') : typeof docsSaveError === 'string' ? docsSaveError : docsSaveError.body.message}
            description={docsSaveError instanceof ApiError && docsSaveError.body.key === 'settings.invalid' ? docsSaveError.body.message : undefined}
          />
        )}
      </Card>
      <Form<DocumentSettings>
        form={form}
        name="docs"
        initialValues={docs.settings}
        disabled={!canManage}
        layout="horizontal"
        labelCol={{ flex: '140px' }}
        labelWrap
        colon={false}
        requiredMark={false}
        className={canManage ? 'policy-form' : 'policy-form read-only'}
        onSubmitCapture={(e) => e.preventDefault()}
      >
        <Row gutter={[8, 8]}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('settings.documents.lender')}>
              <Form.Item name={['lender', 'name']} label={t('settings.documents.name')} rules={required}>
                <Input maxLength={100} autoComplete="off" />
              </Form.Item>
              <Form.Item name={['lender', 'address']} label={t('settings.documents.address')}>
                <Input maxLength={200} autoComplete="off" />
              </Form.Item>
              <Form.Item name={['lender', 'phone']} label={t('settings.documents.phone')}>
                <Input maxLength={40} autoComplete="off" className="num-code" />
              </Form.Item>
              <Form.Item name={['lender', 'licence']} label={t('settings.documents.licence')}>
                <Input maxLength={100} autoComplete="off" />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('settings.documents.court')}>
              <Form.Item name="court" label={t('settings.documents.courtLabel')} rules={required} extra={t('settings.documents.courtHint')}>
                <Input maxLength={200} autoComplete="off" />
              </Form.Item>
            </Card>
          </Col>
          <Col span={24}>
            <Form.List name="extraClauses">
              {(fields, { add, remove }) => (
                <Card
                  size="small"
                  title={t('settings.documents.clauses')}
                  data-testid="document-clauses"
                  extra={
                    canManage && (
                      <Button size="small" icon={<PlusOutlined />} onClick={() => add('')} disabled={fields.length >= 20} data-testid="add-clause">
                        {t('settings.documents.addClause')}
                      </Button>
                    )
                  }
                >
                  <Typography.Paragraph type="secondary" className="card-hint">
                    {t('settings.documents.clausesHint')}
                  </Typography.Paragraph>
                  {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settings.documents.noClauses')} />}
                  {fields.map((field, i) => (
                    <Form.Item key={field.key} label={t('settings.documents.clause', { n: i + 1 })} required={false}>
                      <Flex gap={8} align="start">
                        <Form.Item name={field.name} noStyle rules={required}>
                          <Input.TextArea rows={3} maxLength={2000} data-testid={`clause-${i}`} />
                        </Form.Item>
                        {canManage && <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('settings.documents.removeClause')} title={t('settings.documents.removeClause')} onClick={() => remove(field.name)} />}
                      </Flex>
                    </Form.Item>
                  ))}
                </Card>
              )}
            </Form.List>
          </Col>
        </Row>
      </Form>
      <Modal
        open={confirming}
        title={t('settings.documents.confirmTitle')}
        okText={t('settings.policy.save')}
        cancelText={t('settings.cancel')}
        onOk={() => void doSave()}
        onCancel={() => setConfirming(false)}
        getContainer={overlayRoot}
        okButtonProps={{ 'data-testid': 'documents-confirm-ok' } as ButtonProps}
      >
        <div data-testid="documents-confirm">{t('settings.documents.confirmBody', { version: version + 1 })}</div>
      </Modal>
    </Space>
  );
}
