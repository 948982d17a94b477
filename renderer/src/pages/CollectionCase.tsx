/**
 * One collection case as the engine shows it: the loan and the borrower, the overdue installments,
 * the conduct limits as they stand now (the debtor's local time, the quiet hours, consent on file,
 * connected calls today, whether listed contacts may be approached), the contact log, promises,
 * planned contacts and the case's history; the actions the engine opens to the caller; and this
 * loan's overdue notice or final demand to preview, save or print. The engine enforces the conduct
 * rules: its refusals show by the field they concern, and as an alert.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wordFor } from '../i18n/words';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Descriptions, Drawer, Flex, Form, Input, Modal, Popconfirm, Radio, Row, Select, Space, Switch, Table, Tag, Timeline, Tooltip, Typography, type ButtonProps } from 'antd';
import {
  ArrowLeftOutlined,
  AuditOutlined,
  CalendarOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  DollarOutlined,
  FileProtectOutlined,
  PhoneOutlined,
  PrinterOutlined,
  ReloadOutlined,
  SafetyCertificateOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useApp } from '../stores/app';
import { useCan, useSession } from '../stores/session';
import {
  CHANNELS,
  CONNECTING_CHANNELS,
  emptyContact,
  localToText,
  NOTICE_TYPES,
  OUTCOMES_BY_CHANNEL,
  SCHEDULE_CHANNELS,
  TIMED_CHANNELS,
  useCollections,
  type CaseView,
  type Channel,
  type ContactForm,
  type Outcome,
} from '../stores/collections';
import { ProblemAlert } from '../components/ApplicationParts';
import { CaseStatusTag, CategoryTag, DaysPastDue, LadderStep, PromiseTag } from '../components/CollectionParts';
import { Money } from '../components/Money';
import { PdfPreview } from '../components/PdfPreview';
import { formatDateTime } from '../format';
import { openLoan } from '../stores/loans';

type ActionRow = CaseView['actions'][number];
type PromiseRow = CaseView['promises'][number];
type PlannedRow = CaseView['schedule'][number];
type InstallmentRow = CaseView['overdueInstallments'][number];
type HistoryRow = CaseView['history'][number];

const overlayRoot = (): HTMLElement => document.getElementById('overlay-root') ?? document.body;
const money = (v: string | null) => (v === null ? <span className="muted">—</span> : <Money value={v} />);

function HeaderCard({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { case: c, loan, borrower } = view;
  const readsLoans = useCan('loans.read');
  return (
    <Card
      size="small"
      title={
        <Space size={12} wrap>
          {readsLoans ? (
            <a className="num app-number" onClick={() => void openLoan(loan.id)} title={t('collections.case.openLoan')} data-testid="case-loan">
              {loan.number}
            </a>
          ) : (
            <span className="num app-number" data-testid="case-loan">{loan.number}</span>
          )}
          <CaseStatusTag status={c.status} testId="case-status" />
          <Typography.Text strong data-testid="case-borrower">{borrower.name}</Typography.Text>
          {borrower.phone && <span className="num muted-figure">{borrower.phone}</span>}
        </Space>
      }
      extra={
        <Space size={8}>
          <DaysPastDue dpd={loan.daysPastDue} bucket={loan.bucket} testId="case-dpd" />
          <CategoryTag category={loan.fiveCategory} />
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={4}
        items={[
          { key: 'product', label: t('collections.case.product'), children: loan.product },
          { key: 'principal', label: t('collections.case.principal'), children: money(loan.principal) },
          { key: 'outstanding', label: t('collections.case.outstanding'), children: money(loan.outstandingPrincipal) },
          { key: 'oldest', label: t('collections.case.oldestUnpaid'), children: <span className="num">{loan.oldestUnpaidDueDate ?? '—'}</span> },
          { key: 'maturity', label: t('collections.case.maturity'), children: <span className="num">{loan.maturityDate ?? '—'}</span> },
          { key: 'ladder', label: t('collections.case.ladder'), children: <LadderStep step={c.ladderStep} /> },
          { key: 'assigned', label: t('collections.case.assigned'), children: <span data-testid="case-assigned">{c.assignedName ?? t('collections.queue.unassigned')}</span> },
          { key: 'opened', label: t('collections.case.opened'), children: <span className="num">{c.openedDate}</span> },
          {
            key: 'lastContact',
            label: t('collections.case.lastContact'),
            children: c.lastContactAt ? <span className="num">{formatDateTime(c.lastContactAt, lang)}</span> : t('collections.queue.never'),
          },
          ...(c.closedDate ? [{ key: 'closed', label: t('collections.case.closedOn'), children: <span className="num">{c.closedDate}</span> }] : []),
        ]}
      />
    </Card>
  );
}

/** The conduct rules as they stand for this debtor now: shown before anyone picks up the phone. */
function ConductCard({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const c = view.conduct;
  const max = c.connectedCallsToday + c.callsLeftToday;
  return (
    <Card size="small" title={<Space size={6}><SafetyCertificateOutlined />{t('collections.conduct.title')}</Space>} data-testid="conduct">
      <ul className="conduct-list">
        <li>
          <span className="conduct-label">{t('collections.conduct.localTime')}</span>
          <span className="conduct-value">
            <span className="num" data-testid="conduct-local-time">{localToText(c.localTime)}</span>
            {c.quietNow && (
              <Tag color="red" className="conduct-tag" data-testid="conduct-quiet-now">
                {t('collections.conduct.quietNow')}
              </Tag>
            )}
          </span>
        </li>
        <li>
          <span className="conduct-label">{t('collections.conduct.quietHours')}</span>
          <span className="conduct-value">{t('collections.conduct.quietRule', { from: c.quietHours.from, to: c.quietHours.to })}</span>
        </li>
        <li data-testid="conduct-consent" data-consent={c.consent ? 'yes' : 'no'}>
          <span className="conduct-label">{t('collections.conduct.consent')}</span>
          {c.consent ? (
            <span className="conduct-value">
              <Tag color="green" className="conduct-tag">{t('collections.conduct.consentOnFile')}</Tag>
              {t('collections.conduct.consentDetail', { date: c.consent.givenOn, how: c.consent.how, by: c.consent.recordedBy ?? '—' })}
            </span>
          ) : (
            <span className="conduct-value">
              <Tag className="conduct-tag">{t('collections.conduct.noConsent')}</Tag>
              <Typography.Text type="secondary">{t('collections.conduct.noConsentHint', { from: c.quietHours.from, to: c.quietHours.to })}</Typography.Text>
            </span>
          )}
        </li>
        <li data-testid="conduct-calls" data-calls={c.connectedCallsToday}>
          <span className="conduct-label">{t('collections.conduct.callsToday')}</span>
          <span className="conduct-value">
            <Tag color={c.callsLeftToday === 0 ? 'red' : c.connectedCallsToday > 0 ? 'gold' : 'green'} className="conduct-tag num">
              {t('collections.conduct.callsValue', { made: c.connectedCallsToday, max })}
            </Tag>
            <Typography.Text type="secondary">
              {c.callsLeftToday === 0 ? t('collections.conduct.callsNone') : t('collections.conduct.callsLeft', { count: c.callsLeftToday })}
            </Typography.Text>
          </span>
        </li>
        <li data-testid="conduct-reach" data-unreachable={c.debtorUnreachable}>
          <span className="conduct-label">{t('collections.conduct.thirdParties')}</span>
          {c.debtorUnreachable ? (
            <span className="conduct-value">
              <Tag color="orange" className="conduct-tag">{t('collections.conduct.unreachable')}</Tag>
              {t('collections.conduct.unreachableHint')}
            </span>
          ) : (
            <span className="conduct-value">
              <Tag className="conduct-tag">{t('collections.conduct.reachable')}</Tag>
              <Typography.Text type="secondary">{t('collections.conduct.reachableHint')}</Typography.Text>
            </span>
          )}
        </li>
      </ul>
    </Card>
  );
}

function ActionBar({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const printsNotices = useCan('notices.print');
  const { busy, openForm, close, printNotice, noticeError, formError, form } = useCollections();
  const allowed: readonly string[] = view.allowedActions;
  const has = (a: string) => allowed.includes(a);
  const printable = printsNotices && view.case.status !== 'closed' && view.loan.daysPastDue > 0;
  if (allowed.length === 0 && !printable) {
    return (
      <Card size="small" data-testid="case-actions">
        <Typography.Text type="secondary">{t('collections.case.noActions')}</Typography.Text>
      </Card>
    );
  }
  return (
    <Card size="small" data-testid="case-actions" className="case-actions">
      <Flex wrap gap={8} align="center">
        {has('logContact') && (
          <Button type="primary" icon={<PhoneOutlined />} onClick={() => openForm('logContact')} data-testid="action-log">
            {t('collections.actions.logContact')}
          </Button>
        )}
        {has('schedule') && (
          <Button icon={<CalendarOutlined />} onClick={() => openForm('schedule')} data-testid="action-schedule">
            {t('collections.actions.schedule')}
          </Button>
        )}
        {has('promise') && (
          <Button icon={<DollarOutlined />} onClick={() => openForm('promise')} data-testid="action-promise">
            {t('collections.actions.promise')}
          </Button>
        )}
        {has('consent') && (
          <Button icon={<SafetyCertificateOutlined />} onClick={() => openForm('consent')} data-testid="action-consent">
            {t('collections.actions.consent')}
          </Button>
        )}
        {has('assign') && (
          <Button icon={<UserSwitchOutlined />} onClick={() => openForm('assign')} data-testid="action-assign">
            {t('collections.actions.assign')}
          </Button>
        )}
        {printable &&
          NOTICE_TYPES.map((type) => {
            // A final demand before the ladder's step: shown, not clickable, with the reason on hover.
            const notYet = type === 'demand' ? view.notices.demandNotYet : null;
            const button = (
              <Button key={type} icon={<PrinterOutlined />} loading={busy === type} disabled={notYet !== null} onClick={() => void printNotice(type, lang)} data-testid={`print-${type}`}>
                {t(`collections.actions.print.${type}`)}
              </Button>
            );
            return notYet ? (
              <Tooltip key={type} title={notYet} getPopupContainer={overlayRoot}>
                <span data-testid="demand-not-yet">{button}</span>
              </Tooltip>
            ) : (
              button
            );
          })}
        <span className="action-spacer" />
        {has('close') && (
          <Popconfirm
            title={t('collections.actions.confirmClose')}
            okText={t('collections.actions.closeOk')}
            cancelText={t('collections.form.cancel')}
            onConfirm={() => void close('')}
            getPopupContainer={overlayRoot}
          >
            <Button icon={<CheckCircleOutlined />} loading={busy === 'close'} data-testid="action-close">
              {t('collections.actions.close')}
            </Button>
          </Popconfirm>
        )}
        {has('escalate') && (
          <Button danger icon={<AuditOutlined />} onClick={() => openForm('escalate')} data-testid="action-escalate">
            {t('collections.actions.escalate')}
          </Button>
        )}
      </Flex>
      <ProblemAlert problem={noticeError} testId="notice-error" />
      {!form && <ProblemAlert problem={formError} testId="action-error" />}
    </Card>
  );
}

/** The contact form: log a contact that happened, or plan one. The rules are stated where the fields are. */
function ContactDrawer({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { form: kind, draft, busy, fieldErrors, formError, openForm, logContact, schedule, collectors } = useCollections();
  const userId = useSession((s) => s.user?.userId ?? null);
  const open = kind === 'logContact' || kind === 'schedule';
  const planning = kind === 'schedule';
  const [form, setForm] = useState<ContactForm>(emptyContact());
  const c = view.conduct;
  useEffect(() => {
    if (open) setForm({ ...emptyContact(planning ? '' : localToText(c.localTime)), ...(draft ?? {}) });
    // Only when the form opens: the case is read again while it is open.
  }, [open, planning]);
  const update = (patch: Partial<ContactForm>) => {
    const nextForm = { ...form, ...patch };
    // A letter or a note goes only to the debtor, and only a call or a visit connects.
    if (!TIMED_CHANNELS.includes(nextForm.channel)) nextForm.party = 'debtor';
    if (!CONNECTING_CHANNELS.includes(nextForm.channel)) nextForm.connected = false;
    if (patch.channel && nextForm.outcome && !OUTCOMES_BY_CHANNEL[nextForm.channel].includes(nextForm.outcome as Outcome)) nextForm.outcome = '';
    setForm(nextForm);
  };
  const close = () => openForm(null);
  const submit = () => void (planning ? schedule(form) : logContact(form));
  const err = (field: string) => fieldErrors[field];
  const item = (field: string, label: string, children: React.ReactNode, help?: React.ReactNode, htmlFor?: string) => (
    <Form.Item label={label} htmlFor={htmlFor} validateStatus={err(field) ? 'error' : undefined} help={err(field) ?? help} data-testid={`cf-item-${field}`}>
      {children}
    </Form.Item>
  );
  const channels = planning ? SCHEDULE_CHANNELS : CHANNELS;
  const timed = TIMED_CHANNELS.includes(form.channel);
  const contacts = view.borrower.contacts;
  const max = c.connectedCallsToday + c.callsLeftToday;
  return (
    <Drawer
      open={open}
      size={520}
      title={planning ? t('collections.form.scheduleTitle', { number: view.loan.number }) : t('collections.form.logTitle', { number: view.loan.number })}
      onClose={close}
      getContainer={overlayRoot}
      destroyOnHidden
      data-testid="contact-drawer"
    >
      <Form layout="vertical" className="contact-form" onSubmitCapture={(e) => e.preventDefault()}>
        <Alert
          type={c.quietNow && !c.consent ? 'warning' : 'info'}
          showIcon
          icon={<ClockCircleOutlined />}
          className="contact-rules"
          data-testid="contact-rules"
          title={t('collections.form.rulesTitle')}
          description={
            <ul className="plain-list">
              <li>{t('collections.form.ruleQuiet', { from: c.quietHours.from, to: c.quietHours.to, consent: c.consent ? t('collections.form.consentYes') : t('collections.form.consentNo') })}</li>
              <li>{t('collections.form.ruleCalls', { max, made: c.connectedCallsToday })}</li>
              <li>{c.debtorUnreachable ? t('collections.form.ruleThirdOpen') : t('collections.form.ruleThirdClosed')}</li>
            </ul>
          }
        />
        {item(
          'channel',
          t('collections.form.channel'),
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={form.channel}
            onChange={(e) => update({ channel: e.target.value as Channel })}
            options={channels.map((ch) => ({ value: ch, label: t(`collections.channels.${ch}`) }))}
            data-testid="cf-channel"
          />,
        )}
        {item(
          'party',
          t('collections.form.party'),
          <Radio.Group
            value={form.party}
            onChange={(e) => update({ party: e.target.value as ContactForm['party'] })}
            options={[
              { value: 'debtor', label: t('collections.parties.debtor') },
              { value: 'contact', label: t('collections.parties.contact'), disabled: !timed || contacts.length === 0 },
            ]}
            data-testid="cf-party"
          />,
          contacts.length === 0 ? t('collections.form.noContacts') : !timed ? t('collections.form.contactChannels') : undefined,
        )}
        {form.party === 'contact' && (
          <>
            {item(
              'contactId',
              t('collections.form.contact'),
              <Select
                id="cf-contact"
                data-testid="cf-contact"
                value={form.contactId || undefined}
                placeholder={t('collections.form.chooseContact')}
                onChange={(contactId: string) => update({ contactId })}
                options={contacts.map((p) => ({ value: p.id, label: t('collections.form.contactOption', { name: p.name, relation: p.relation, phone: p.phone ?? '' }) }))}
              />,
              undefined,
              'cf-contact',
            )}
            {!planning && (
              <Form.Item validateStatus={err('scriptAcknowledged') ? 'error' : undefined} help={err('scriptAcknowledged')}>
                <Checkbox checked={form.scriptAcknowledged} onChange={(e) => update({ scriptAcknowledged: e.target.checked })} data-testid="cf-script">
                  {t('collections.form.script')}
                </Checkbox>
              </Form.Item>
            )}
          </>
        )}
        {!planning && CONNECTING_CHANNELS.includes(form.channel) && (
          <Form.Item validateStatus={err('connected') ? 'error' : undefined} help={err('connected') ?? (form.channel === 'call' ? t('collections.form.connectedHint', { made: c.connectedCallsToday, max }) : undefined)}>
            <Space size={8}>
              <Switch id="cf-connected" size="small" checked={form.connected} onChange={(connected) => update({ connected })} data-testid="cf-connected" />
              <label htmlFor="cf-connected">{t('collections.form.connected')}</label>
            </Space>
          </Form.Item>
        )}
        {!planning &&
          item(
            'outcome',
            t('collections.form.outcome'),
            <Select
              id="cf-outcome"
              data-testid="cf-outcome"
              value={form.outcome || undefined}
              placeholder={t('collections.form.chooseOutcome')}
              onChange={(outcome: Outcome) => update({ outcome })}
              options={OUTCOMES_BY_CHANNEL[form.channel].map((o) => ({ value: o, label: t(`collections.outcomes.${o}`) }))}
            />,
            undefined,
            'cf-outcome',
          )}
        {item(
          'at',
          planning ? t('collections.form.plannedAt') : t('collections.form.at'),
          <Input
            id="cf-at"
            data-testid="cf-at"
            className="num-code"
            autoComplete="off"
            placeholder={t('collections.form.atPlaceholder')}
            value={form.at}
            onChange={(e) => update({ at: e.target.value })}
          />,
          timed ? t('collections.form.atHint', { from: c.quietHours.from, to: c.quietHours.to }) : t('collections.form.atHintUntimed'),
          'cf-at',
        )}
        {planning &&
          collectors.length > 0 &&
          item(
            'assignedTo',
            t('collections.form.assignedTo'),
            <Select
              id="cf-assignee"
              data-testid="cf-assignee"
              value={form.assignedTo || ''}
              onChange={(assignedTo: string) => update({ assignedTo })}
              options={[{ value: '', label: t('collections.form.me') }, ...collectors.filter((p) => p.id !== userId).map((p) => ({ value: p.id, label: p.name }))]}
            />,
            undefined,
            'cf-assignee',
          )}
        {item(
          'note',
          t('collections.form.note'),
          <Input.TextArea id="cf-note" data-testid="cf-note" rows={3} maxLength={1000} value={form.note} onChange={(e) => update({ note: e.target.value })} />,
          undefined,
          'cf-note',
        )}
        <ProblemAlert problem={formError} testId="cf-error" />
        <Space className="drawer-buttons">
          <Button type="primary" loading={busy === kind} onClick={submit} data-testid="cf-save">
            {planning ? t('collections.form.schedule') : t('collections.form.log')}
          </Button>
          <Button onClick={close} data-testid="cf-cancel">
            {t('collections.form.cancel')}
          </Button>
        </Space>
      </Form>
    </Drawer>
  );
}

function PromiseModal({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const businessDate = useApp((s) => s.info?.businessDate ?? null);
  const { form: kind, busy, fieldErrors, formError, openForm, promise } = useCollections();
  const open = kind === 'promise';
  const [amount, setAmount] = useState('');
  const [date, setDate] = useState('');
  const [note, setNote] = useState('');
  useEffect(() => {
    if (open) {
      setAmount('');
      setDate('');
      setNote('');
    }
  }, [open]);
  return (
    <Modal
      open={open}
      title={t('collections.form.promiseTitle', { number: view.loan.number })}
      okText={t('collections.form.promiseOk')}
      cancelText={t('collections.form.cancel')}
      confirmLoading={busy === 'promise'}
      onOk={() => void promise({ amount, promisedDate: date, note })}
      onCancel={() => openForm(null)}
      getContainer={overlayRoot}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'pf-save' } as ButtonProps}
      data-testid="promise-modal"
    >
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t('collections.form.amount')} htmlFor="pf-amount" validateStatus={fieldErrors.amount ? 'error' : undefined} help={fieldErrors.amount}>
          <Input id="pf-amount" data-testid="pf-amount" inputMode="decimal" className="num-input" autoFocus value={amount} onChange={(e) => setAmount(e.target.value)} />
        </Form.Item>
        <Form.Item
          label={t('collections.form.promisedDate')}
          htmlFor="pf-date"
          validateStatus={fieldErrors.promisedDate ? 'error' : undefined}
          help={fieldErrors.promisedDate ?? t('collections.form.promisedDateHint')}
        >
          <DatePicker
            id="pf-date"
            data-testid="pf-date"
            style={{ width: '100%' }}
            value={date ? dayjs(date) : null}
            onChange={(d: dayjs.Dayjs | null) => setDate(d ? d.format('YYYY-MM-DD') : '')}
            disabledDate={(d) => (businessDate ? d.format('YYYY-MM-DD') < businessDate : false)}
            getPopupContainer={overlayRoot}
          />
        </Form.Item>
        <Form.Item label={t('collections.form.note')} htmlFor="pf-note" validateStatus={fieldErrors.note ? 'error' : undefined} help={fieldErrors.note}>
          <Input.TextArea id="pf-note" rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
        <ProblemAlert problem={formError} testId="pf-error" />
      </Form>
    </Modal>
  );
}

function ConsentModal({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const businessDate = useApp((s) => s.info?.businessDate ?? '');
  const { form: kind, busy, fieldErrors, formError, openForm, consent } = useCollections();
  const open = kind === 'consent';
  const [givenOn, setGivenOn] = useState('');
  const [how, setHow] = useState('');
  const onFile = view.conduct.consent;
  useEffect(() => {
    if (open) {
      setGivenOn(businessDate);
      setHow('');
    }
  }, [open, businessDate]);
  const ways = ['recordedCall', 'signedForm', 'inPerson'] as const;
  return (
    <Modal
      open={open}
      title={t('collections.form.consentTitle', { name: view.borrower.name })}
      okText={t('collections.form.consentOk')}
      cancelText={t('collections.form.cancel')}
      confirmLoading={busy === 'consent'}
      onOk={() => void consent({ given: true, givenOn, how })}
      onCancel={() => openForm(null)}
      getContainer={overlayRoot}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'consent-save' } as ButtonProps}
      data-testid="consent-modal"
    >
      <Typography.Paragraph type="secondary">{t('collections.form.consentHint', { from: view.conduct.quietHours.from, to: view.conduct.quietHours.to })}</Typography.Paragraph>
      {onFile && (
        <Alert
          type="success"
          showIcon
          className="consent-on-file"
          title={t('collections.conduct.consentDetail', { date: onFile.givenOn, how: onFile.how, by: onFile.recordedBy ?? '—' })}
          action={
            <Popconfirm
              title={t('collections.form.confirmWithdraw')}
              okText={t('collections.form.withdraw')}
              cancelText={t('collections.form.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => void consent({ given: false, givenOn: '', how: '' })}
              getPopupContainer={overlayRoot}
            >
              <Button size="small" danger data-testid="consent-withdraw">
                {t('collections.form.withdraw')}
              </Button>
            </Popconfirm>
          }
        />
      )}
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t('collections.form.givenOn')} htmlFor="consent-date" validateStatus={fieldErrors.givenOn ? 'error' : undefined} help={fieldErrors.givenOn}>
          <DatePicker
            id="consent-date"
            style={{ width: '100%' }}
            allowClear={false}
            value={givenOn ? dayjs(givenOn) : null}
            onChange={(d: dayjs.Dayjs | null) => setGivenOn(d ? d.format('YYYY-MM-DD') : '')}
            disabledDate={(d) => (businessDate ? d.format('YYYY-MM-DD') > businessDate : false)}
            getPopupContainer={overlayRoot}
          />
        </Form.Item>
        <Form.Item label={t('collections.form.how')} htmlFor="consent-how" validateStatus={fieldErrors.how ? 'error' : undefined} help={fieldErrors.how ?? t('collections.form.howHint')}>
          <Space orientation="vertical" size={6} style={{ width: '100%' }}>
            <Space size={4} wrap>
              {ways.map((w) => (
                <Button key={w} size="small" onClick={() => setHow(t(`collections.form.ways.${w}`))}>
                  {t(`collections.form.ways.${w}`)}
                </Button>
              ))}
            </Space>
            <Input.TextArea id="consent-how" data-testid="consent-how" rows={2} maxLength={500} value={how} onChange={(e) => setHow(e.target.value)} />
          </Space>
        </Form.Item>
        <ProblemAlert problem={formError} testId="consent-error" />
      </Form>
    </Modal>
  );
}

function AssignModal({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const { form: kind, busy, fieldErrors, formError, openForm, assign, collectors } = useCollections();
  const open = kind === 'assign';
  const [to, setTo] = useState('');
  useEffect(() => {
    if (open) setTo(view.case.assignedTo ?? '');
  }, [open, view.case.assignedTo]);
  // Managers choose among the collectors; a collector can take the case or let it go.
  const people = collectors.length > 0 ? collectors : user ? [{ id: user.userId, name: user.displayName }] : [];
  return (
    <Modal
      open={open}
      title={t('collections.form.assignTitle', { number: view.loan.number })}
      okText={t('collections.form.assignOk')}
      cancelText={t('collections.form.cancel')}
      confirmLoading={busy === 'assign'}
      onOk={() => void assign(to || null)}
      onCancel={() => openForm(null)}
      getContainer={overlayRoot}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'assign-save' } as ButtonProps}
      data-testid="assign-modal"
    >
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t('collections.form.assignee')} htmlFor="assign-to" validateStatus={fieldErrors.userId ? 'error' : undefined} help={fieldErrors.userId}>
          <Select
            id="assign-to"
            data-testid="assign-to"
            value={to}
            onChange={(v: string) => setTo(v)}
            options={[{ value: '', label: t('collections.queue.unassigned') }, ...people.map((p) => ({ value: p.id, label: p.name }))]}
          />
        </Form.Item>
        <ProblemAlert problem={formError} testId="assign-error" />
      </Form>
    </Modal>
  );
}

function EscalateModal({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { form: kind, busy, fieldErrors, formError, openForm, escalate } = useCollections();
  const open = kind === 'escalate';
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (open) setReason('');
  }, [open]);
  return (
    <Modal
      open={open}
      title={t('collections.form.escalateTitle', { number: view.loan.number })}
      okText={t('collections.form.escalateOk')}
      cancelText={t('collections.form.cancel')}
      confirmLoading={busy === 'escalate'}
      onOk={() => void escalate(reason)}
      onCancel={() => openForm(null)}
      getContainer={overlayRoot}
      destroyOnHidden
      okButtonProps={{ danger: true, 'data-testid': 'escalate-save' } as ButtonProps}
      data-testid="escalate-modal"
    >
      <Alert type="warning" showIcon title={t('collections.form.escalateWarning', { name: view.borrower.name })} className="modal-alert" />
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t('collections.form.reason')} htmlFor="escalate-reason" validateStatus={fieldErrors.reason ? 'error' : undefined} help={fieldErrors.reason}>
          <Input.TextArea id="escalate-reason" data-testid="escalate-reason" rows={3} maxLength={1000} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
        <ProblemAlert problem={formError} testId="escalate-error" />
      </Form>
    </Modal>
  );
}

function InstallmentsCard({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const columns: ColumnsType<InstallmentRow> = useMemo(
    () => [
      { title: t('table.n'), dataIndex: 'n', width: 48, align: 'right', render: (n: number) => <span className="num">{n}</span> },
      { title: t('table.dueDate'), dataIndex: 'dueDate', width: 100, render: (d: string) => <span className="num">{d}</span> },
      { title: t('collections.case.daysLate'), dataIndex: 'daysLate', width: 72, align: 'right', render: (d: number) => <span className="num dpd-days late">{d}</span> },
      { title: t('table.principal'), dataIndex: 'principal', align: 'right', render: money },
      { title: t('table.interest'), dataIndex: 'interest', align: 'right', render: money },
      { title: t('collections.case.penalty'), dataIndex: 'penalty', align: 'right', render: money },
      { title: t('table.fee'), dataIndex: 'fee', align: 'right', render: money },
      { title: t('table.total'), dataIndex: 'total', align: 'right', render: (v: string | null) => <strong>{money(v)}</strong> },
    ],
    [t],
  );
  return (
    <Card size="small" title={t('collections.case.installments', { count: view.overdueInstallments.length })} data-testid="case-installments">
      <Table<InstallmentRow>
        size="small"
        rowKey="n"
        pagination={false}
        columns={columns}
        dataSource={view.overdueInstallments}
        scroll={view.overdueInstallments.length > 8 ? { y: 260 } : undefined}
        locale={{ emptyText: t('collections.case.noInstallments') }}
      />
    </Card>
  );
}

function ContactLogCard({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const columns: ColumnsType<ActionRow> = useMemo(
    () => [
      {
        title: t('collections.log.at'),
        key: 'at',
        width: 132,
        render: (_: unknown, a) => <span className="num">{a.localTime ? localToText(a.localTime) : formatDateTime(a.at, lang)}</span>,
      },
      {
        title: t('collections.log.channel'),
        key: 'channel',
        width: 96,
        render: (_: unknown, a) => (
          <Space size={4}>
            <span>{wordFor(t, 'collections.channels', a.channel)}</span>
            {a.scheduled && <Tag className="small-tag">{t('collections.log.planned')}</Tag>}
          </Space>
        ),
      },
      {
        title: t('collections.log.party'),
        key: 'party',
        width: 120,
        ellipsis: true,
        render: (_: unknown, a) =>
          a.party === 'contact' ? (
            <span title={a.scriptAcknowledged ? t('collections.log.scriptFollowed') : undefined}>
              {a.contactName ?? t('collections.parties.contact')}
              {a.contactRelation && <Typography.Text type="secondary"> · {a.contactRelation}</Typography.Text>}
            </span>
          ) : (
            t('collections.parties.debtor')
          ),
      },
      {
        title: t('collections.log.connected'),
        dataIndex: 'connected',
        width: 76,
        render: (c: boolean, a) =>
          a.channel === 'call' || a.channel === 'visit' ? (
            <Tag color={c ? 'green' : 'default'} className="small-tag">
              {c ? t('collections.log.yes') : t('collections.log.no')}
            </Tag>
          ) : (
            <span className="muted">—</span>
          ),
      },
      { title: t('collections.log.outcome'), dataIndex: 'outcome', width: 100, render: (o: string) => wordFor(t, 'collections.outcomes', o) },
      { title: t('collections.log.note'), dataIndex: 'note', ellipsis: true, render: (n: string | null) => n ?? '' },
      { title: t('collections.log.by'), dataIndex: 'user', width: 100, ellipsis: true, render: (u: string | null) => u ?? t('collections.log.system') },
    ],
    [t, lang],
  );
  return (
    <Card size="small" title={t('collections.log.title', { count: view.actions.length })} data-testid="contact-log">
      <Table<ActionRow>
        size="small"
        rowKey="id"
        pagination={false}
        columns={columns}
        dataSource={view.actions}
        scroll={view.actions.length > 10 ? { y: 360 } : undefined}
        locale={{ emptyText: t('collections.log.empty') }}
        onRow={(a) => ({ 'data-testid': 'contact-row', 'data-channel': a.channel, 'data-connected': a.connected }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

function PromisesCard({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const columns: ColumnsType<PromiseRow> = useMemo(
    () => [
      { title: t('collections.promises.date'), dataIndex: 'promisedDate', width: 96, render: (d: string) => <span className="num">{d}</span> },
      { title: t('collections.promises.amount'), dataIndex: 'amount', align: 'right', render: money },
      { title: t('collections.promises.state'), dataIndex: 'status', width: 80, render: (s: string) => <PromiseTag state={s} /> },
      { title: t('collections.promises.paid'), dataIndex: 'paidAmount', align: 'right', render: money },
      {
        title: t('collections.promises.taken'),
        key: 'taken',
        width: 96,
        render: (_: unknown, p) => (
          <span className="num" title={p.createdBy ?? undefined}>
            {p.createdDate}
          </span>
        ),
      },
    ],
    [t],
  );
  return (
    <Card size="small" title={t('collections.promises.title', { count: view.promises.length })} data-testid="case-promises">
      <Table<PromiseRow>
        size="small"
        rowKey="id"
        pagination={false}
        columns={columns}
        dataSource={view.promises}
        locale={{ emptyText: t('collections.promises.empty') }}
        rowClassName={(p) => (p.status === 'broken' ? 'broken-row' : '')}
        onRow={(p) => ({ 'data-testid': 'promise-row', 'data-state': p.status }) as React.HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

function PlannedCard({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const openForm = useCollections((s) => s.openForm);
  const canLog = view.allowedActions.includes('logContact');
  const columns: ColumnsType<PlannedRow> = useMemo(
    () => [
      { title: t('collections.planned.at'), dataIndex: 'localTime', width: 132, render: (l: string) => <span className="num">{localToText(l)}</span> },
      {
        title: t('collections.log.channel'),
        key: 'channel',
        width: 120,
        render: (_: unknown, s) => (
          <span>
            {wordFor(t, 'collections.channels', s.channel)}
            <Typography.Text type="secondary"> · {wordFor(t, 'collections.parties', s.party)}</Typography.Text>
          </span>
        ),
      },
      { title: t('collections.planned.who'), dataIndex: 'assignedName', width: 90, ellipsis: true, render: (n: string | null) => n ?? '—' },
      {
        title: '',
        key: 'act',
        width: 80,
        align: 'right',
        render: (_: unknown, s) =>
          s.done ? (
            <Tag color="green" className="small-tag">{t('collections.planned.done')}</Tag>
          ) : canLog ? (
            <Button size="small" type="link" onClick={() => openForm('logContact', { channel: s.channel as Channel, party: s.party as ContactForm['party'], contactId: s.contactId ?? '', scheduledId: s.id })}>
              {t('collections.planned.log')}
            </Button>
          ) : null,
      },
    ],
    [t, canLog, openForm],
  );
  if (view.schedule.length === 0) return null;
  return (
    <Card size="small" title={t('collections.planned.title', { count: view.schedule.length })} data-testid="case-planned">
      <Table<PlannedRow> size="small" rowKey="id" pagination={false} columns={columns} dataSource={view.schedule} />
    </Card>
  );
}

const HISTORY_COLOURS: Record<string, string> = { opened: 'blue', assigned: 'gray', escalated: 'red', closed: 'green' };

function HistoryCard({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const items = [...view.history]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((e: HistoryRow, i) => ({
      key: i,
      color: HISTORY_COLOURS[e.kind] ?? 'blue',
      content: (
        <div className="history-entry">
          <div className="history-head">
            <span className="num history-time">{formatDateTime(e.at, lang)}</span>
            <Typography.Text strong>{e.user ?? t('collections.log.system')}</Typography.Text>
          </div>
          <div>
            {e.kind === 'assigned'
              ? t('collections.history.assignedTo', { to: e.to ?? t('collections.queue.unassigned') })
              : wordFor(t, 'collections.history', e.kind)}
          </div>
          {e.reason && <div className="history-note">{e.reason}</div>}
        </div>
      ),
    }));
  return (
    <Card size="small" title={t('collections.history.title')} data-testid="case-history">
      {items.length ? <Timeline items={items} /> : <Typography.Text type="secondary">{t('collections.history.empty')}</Typography.Text>}
    </Card>
  );
}

export function CollectionCase({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { open, reload, done, preview, closePreview } = useCollections();
  // The engine words some of what it shows in the desk's language: read the case again when it changes.
  useEffect(() => {
    void reload();
  }, [lang, reload]);
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="case-page" data-case={view.case.id}>
      <Flex justify="space-between">
        <Button icon={<ArrowLeftOutlined />} onClick={() => void open(null)} data-testid="back-to-queue">
          {t('collections.case.back')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          {t('collections.case.reload')}
        </Button>
      </Flex>
      <HeaderCard view={view} />
      <ActionBar view={view} />
      {done && (
        <Alert type="success" showIcon closable title={t(`collections.done.${done}`)} data-testid="action-done" onClose={() => useCollections.setState({ done: null })} />
      )}
      {preview && (
        <Card size="small" title={<Space size={6}><FileProtectOutlined />{t('collections.case.letter')}</Space>} data-testid="case-letter">
          <PdfPreview preview={preview} onClose={closePreview} height={560} emptyText="" />
        </Card>
      )}
      <Row gutter={[12, 8]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <InstallmentsCard view={view} />
            <ContactLogCard view={view} />
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <ConductCard view={view} />
            <PromisesCard view={view} />
            <PlannedCard view={view} />
            <HistoryCard view={view} />
          </Space>
        </Col>
      </Row>
      <ContactDrawer view={view} />
      <PromiseModal view={view} />
      <ConsentModal view={view} />
      <AssignModal view={view} />
      <EscalateModal view={view} />
    </Space>
  );
}
