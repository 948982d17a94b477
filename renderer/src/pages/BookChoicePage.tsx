import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Space, Switch, Typography } from 'antd';
import { useDesk, type OfficeForm } from '../stores/desk';
import { useSession } from '../stores/session';
import { useApp } from '../stores/app';

const DEFAULTS: OfficeForm = { host: '', port: 5432, database: 'suanpan', user: 'suanpan', password: '', tls: false };

/**
 * Before sign-in, while no book is open: which book this desk opens (first run), the office book's
 * password where the desk does not keep it, and what went wrong when the chosen book cannot be
 * reached, with Retry, another connection, or a book on this desk.
 */
export function BookChoicePage() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { choice, busy, fieldErrors, error, load, connect, useLocal, retry } = useDesk();
  const [editing, setEditing] = useState(false);
  const [kind, setKind] = useState<'desk' | 'office'>(choice?.kind === 'office' || choice?.connection ? 'office' : 'desk');
  const [form] = Form.useForm<OfficeForm>();

  // The engine words what went wrong in the desk's language: ask it again when the language changes.
  useEffect(() => {
    void load().catch(() => undefined);
  }, [lang, load]);

  useEffect(() => {
    form.setFields(fieldErrors.map((f) => ({ name: f.field as keyof OfficeForm, errors: [f.message] })));
  }, [fieldErrors, form]);

  const opened = async (ok: boolean): Promise<void> => {
    if (!ok) return;
    setEditing(false);
    await Promise.all([useSession.getState().load(), useApp.getState().loadInfo()]);
  };

  if (!choice) return null;
  const problem = choice.problem;
  const office = choice.kind === 'office' || problem?.key.startsWith('db.office') === true;
  // Which server, where the message does not already name it.
  const server = problem?.where ?? choice.where;
  const showServer = office && !!server && !problem?.message.includes(server);

  if (choice.state === 'unreachable' && problem && !editing) {
    return (
      <div className="auth-page">
        <Card title={t('deskBook.title')} className="auth-card book-card" data-testid="book-choice">
          <Alert
            type="error"
            showIcon
            title={office ? t('deskBook.unreachableTitle') : t('deskBook.deskFailedTitle')}
            description={
              <>
                <div className="book-problem-message" data-testid="book-problem-message">{problem.message}</div>
                {showServer && (
                  <Typography.Text type="secondary" className="book-where">
                    {t('deskBook.server', { where: server ?? '' })}
                  </Typography.Text>
                )}
              </>
            }
            data-testid="book-problem"
          />
          {error && <Alert type="error" showIcon title={error} className="book-alert" data-testid="book-error" />}
          <Space wrap className="book-actions">
            <Button type="primary" loading={busy === 'retry'} disabled={busy !== null && busy !== 'retry'} onClick={() => void retry().then(opened)} data-testid="book-retry">
              {t('deskBook.retry')}
            </Button>
            <Button disabled={busy !== null} onClick={() => { setKind(office ? 'office' : 'desk'); setEditing(true); }} data-testid="book-change">
              {t('deskBook.change')}
            </Button>
            <Button disabled={busy !== null && busy !== 'local'} loading={busy === 'local'} onClick={() => void useLocal().then(opened)} data-testid="book-local">
              {t('deskBook.useLocal')}
            </Button>
          </Space>
        </Card>
      </div>
    );
  }

  return (
    <div className="auth-page">
      <Card title={t('deskBook.title')} className="auth-card book-card" data-testid="book-choice">
        <Typography.Paragraph type="secondary">{t('deskBook.hint')}</Typography.Paragraph>
        {problem && choice.state !== 'unreachable' && <Alert type="warning" showIcon title={problem.message} className="book-alert" data-testid="book-problem" />}
        {choice.state === 'password' && !problem && <Alert type="info" showIcon title={t('deskBook.passwordNeeded')} className="book-alert" data-testid="book-password-needed" />}
        {error && <Alert type="error" showIcon title={error} className="book-alert" data-testid="book-error" />}
        <Form layout="vertical" className="book-kind">
          <Form.Item label={t('deskBook.kind')}>
            <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as 'desk' | 'office')}>
              <Space orientation="vertical">
                <Radio value="desk" data-testid="book-kind-desk">{t('deskBook.kindDesk')}</Radio>
                <Radio value="office" data-testid="book-kind-office">{t('deskBook.kindOffice')}</Radio>
              </Space>
            </Radio.Group>
          </Form.Item>
        </Form>
        {kind === 'desk' ? (
          <>
            <Typography.Paragraph type="secondary">{t('deskBook.deskHint')}</Typography.Paragraph>
            <Button type="primary" block loading={busy === 'local'} onClick={() => void useLocal().then(opened)} data-testid="book-open-desk">
              {t('deskBook.openDesk')}
            </Button>
          </>
        ) : (
          <Form<OfficeForm>
            form={form}
            layout="vertical"
            initialValues={{ ...DEFAULTS, ...(choice.connection ?? {}) }}
            onFinish={(v) => void connect(v).then(opened)}
          >
            <Row gutter={12} wrap={false}>
              <Col flex="auto">
                <Form.Item name="host" label={t('deskBook.host')} rules={[{ required: true, whitespace: true, message: t('deskBook.hostHelp') }]} extra={t('deskBook.hostHelp')}>
                  <Input id="book-host" placeholder={t('deskBook.hostPlaceholder')} autoComplete="off" autoFocus={!choice.connection} spellCheck={false} />
                </Form.Item>
              </Col>
              <Col flex="112px">
                <Form.Item name="port" label={t('deskBook.port')} rules={[{ required: true }]}>
                  <InputNumber id="book-port" className="book-port" min={1} max={65535} precision={0} controls={false} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="database" label={t('deskBook.database')} rules={[{ required: true, whitespace: true }]}>
                  <Input id="book-database" autoComplete="off" spellCheck={false} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="user" label={t('deskBook.user')} rules={[{ required: true, whitespace: true }]}>
                  <Input id="book-user" autoComplete="off" spellCheck={false} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="password" label={t('deskBook.password')} extra={choice.keepsPasswords ? t('deskBook.passwordKept') : t('deskBook.passwordNotKept')}>
              <Input.Password id="book-password" autoComplete="off" autoFocus={choice.state === 'password'} />
            </Form.Item>
            <Form.Item name="tls" label={t('deskBook.tls')} valuePropName="checked" extra={t('deskBook.tlsHelp')}>
              <Switch id="book-tls" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy === 'connect' || busy === 'retry'} data-testid="book-connect">
              {t('deskBook.connect')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
