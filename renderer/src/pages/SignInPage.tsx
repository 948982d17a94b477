import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Form, Input, Radio, Space, Typography } from 'antd';
import { useSession } from '../stores/session';

export function SignInPage() {
  const { t } = useTranslation();
  const { phase, error, signIn, setup, demoUsers } = useSession();
  const [busy, setBusy] = useState(false);
  const [mismatch, setMismatch] = useState(false);

  if (phase === 'setup') {
    return (
      <div className="auth-page">
        <Card title={t('auth.setupTitle')} className="auth-card" data-testid="setup">
          <Typography.Paragraph type="secondary">{t('auth.setupHint')}</Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="auth-error" />}
          <Form
            layout="vertical"
            initialValues={{ book: 'demo' }}
            onFinish={async (v: { username: string; displayName: string; password: string; confirm: string; book: 'demo' | 'empty' }) => {
              if (v.password !== v.confirm) return setMismatch(true);
              setMismatch(false);
              setBusy(true);
              await setup({ username: v.username, displayName: v.displayName, password: v.password, book: v.book });
              setBusy(false);
            }}
          >
            <Form.Item name="username" label={t('auth.username')} rules={[{ required: true }]}>
              <Input id="setup-username" autoComplete="off" autoFocus />
            </Form.Item>
            <Form.Item name="displayName" label={t('auth.displayName')} rules={[{ required: true }]}>
              <Input id="setup-displayName" autoComplete="off" />
            </Form.Item>
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true }]}>
              <Input.Password id="setup-password" autoComplete="new-password" />
            </Form.Item>
            <Form.Item name="confirm" label={t('auth.confirmPassword')} rules={[{ required: true }]} validateStatus={mismatch ? 'error' : undefined} help={mismatch ? t('auth.passwordMismatch') : undefined}>
              <Input.Password id="setup-confirm" autoComplete="new-password" />
            </Form.Item>
            <Form.Item name="book" label={t('auth.bookChoice')}>
              <Radio.Group>
                <Space orientation="vertical">
                  <Radio value="demo">{t('auth.bookDemo')}</Radio>
                  <Radio value="empty">{t('auth.bookEmpty')}</Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              {t('auth.create')}
            </Button>
          </Form>
        </Card>
      </div>
    );
  }

  return (
    <div className="auth-page">
      <Card title={t('auth.signInTitle')} className="auth-card" data-testid="sign-in">
        {demoUsers.length > 0 && <Alert type="success" showIcon title={t('auth.demoStaff', { users: demoUsers.join(', ') })} style={{ marginBottom: 12 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="auth-error" />}
        <Form
          layout="vertical"
          onFinish={async (v: { username: string; password: string }) => {
            setBusy(true);
            await signIn(v.username, v.password);
            setBusy(false);
          }}
        >
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true }]}>
            <Input id="signin-username" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true }]}>
            <Input.Password id="signin-password" autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block data-testid="sign-in-button">
            {t('auth.signIn')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
