/**
 * The loan documents of an approved application: issue the contract, the repayment schedule or the
 * disclosure sheet in Chinese or English and see it in the page, save or print it, re-open one
 * already issued, and record that the borrower signed the contract (approved -> signed).
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wordFor } from '../i18n/words';
import { Button, Card, Col, Flex, Modal, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, FilePdfOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import type { ButtonProps } from 'antd';
import { useApp } from '../stores/app';
import { useCan } from '../stores/session';
import type { ApplicationDetail } from '../stores/applications';
import { LOAN_DOCUMENT_TYPES, useDocuments, type IssuedRow } from '../stores/documents';
import { ProblemAlert } from '../components/ApplicationParts';
import { PdfPreview } from '../components/PdfPreview';
import { formatDateTime } from '../format';
import { LANGS, type Lang } from '../i18n';

const overlayRoot = (): HTMLElement => document.getElementById('overlay-root') ?? document.body;

function SignButton({ detail, contract }: { detail: ApplicationDetail; contract: IssuedRow | undefined }) {
  const { t } = useTranslation();
  const { signing, signError, sign, clearSignError } = useDocuments();
  const [confirming, setConfirming] = useState(false);
  const doSign = async () => {
    if (await sign()) setConfirming(false);
  };
  return (
    <div className="sign-box" data-testid="sign-box">
      <Flex align="center" gap={10} wrap>
        <Button
          type="primary"
          icon={<EditOutlined />}
          disabled={!contract}
          loading={signing}
          onClick={() => {
            clearSignError();
            setConfirming(true);
          }}
          data-testid="sign"
        >
          {t('documents.sign')}
        </Button>
        <Typography.Text type="secondary">{contract ? t('documents.signHint') : t('documents.signNeedsContract')}</Typography.Text>
      </Flex>
      {!confirming && <ProblemAlert problem={signError} testId="sign-error" />}
      <Modal
        open={confirming}
        title={t('documents.confirmSignTitle')}
        okText={t('documents.confirmSignOk')}
        cancelText={t('documents.cancel')}
        confirmLoading={signing}
        onOk={() => void doSign()}
        onCancel={() => setConfirming(false)}
        getContainer={overlayRoot}
        okButtonProps={{ 'data-testid': 'sign-confirm-ok' } as ButtonProps}
      >
        {contract && <div data-testid="sign-confirm">{t('documents.confirmSign', { number: contract.number, code: contract.contentHash, application: detail.application.number })}</div>}
        <ProblemAlert problem={signError} testId="sign-error" />
      </Modal>
    </div>
  );
}

function IssuedTable({ rows }: { rows: IssuedRow[] }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { openIssued, opening, preview } = useDocuments();
  const columns: ColumnsType<IssuedRow> = useMemo(
    () => [
      { title: t('documents.number'), dataIndex: 'number', render: (n: string) => <span className="num">{n}</span> },
      {
        title: t('documents.type'),
        key: 'type',
        render: (_: unknown, r) => (
          <div className="issued-what">
            <div>{wordFor(t, 'documents.types', r.type)}</div>
            <Tag className="lang-tag">{wordFor(t, 'documents.langs', r.lang)}</Tag>
          </div>
        ),
      },
      { title: t('documents.checkCode'), dataIndex: 'contentHash', render: (c: string) => <span className="num" data-testid="issued-check">{c}</span> },
      {
        title: t('documents.issued'),
        key: 'issued',
        render: (_: unknown, r) => (
          <div className="issued-who">
            <div>{r.issuedBy ?? t('applications.page.system')}</div>
            <Typography.Text type="secondary" className="num">
              {formatDateTime(r.issuedAt, lang)}
            </Typography.Text>
          </div>
        ),
      },
    ],
    [t, lang],
  );
  return (
    <Table<IssuedRow>
      size="small"
      rowKey="id"
      pagination={false}
      columns={columns}
      dataSource={rows}
      data-testid="issued-documents"
      className="issued-table"
      locale={{ emptyText: t('documents.noneIssued') }}
      rowClassName={(r) => (preview && preview.number === r.number && preview.type === r.type && preview.lang === r.lang ? 'issued-row current' : 'issued-row')}
      onRow={(r) =>
        ({
          onClick: () => void openIssued(r),
          onKeyDown: (e: React.KeyboardEvent) => e.key === 'Enter' && void openIssued(r),
          tabIndex: 0,
          title: t('documents.open'),
          'data-testid': 'issued-row',
          'data-number': r.number,
          'data-type': r.type,
          'data-lang': r.lang,
          'aria-busy': opening === r.id,
        }) as React.HTMLAttributes<HTMLElement>
      }
    />
  );
}

export function LoanDocumentsCard({ detail }: { detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const deskLang = useApp((s) => s.lang);
  const canIssue = useCan('documents.write');
  const canSign = useCan('applications.write');
  const { issued, issuedError, issuing, problem, preview, openFor, issue, closePreview } = useDocuments();
  const [lang, setLang] = useState<Lang>(deskLang);
  const id = detail.application.id;
  const state = detail.application.state;
  // The documents' language follows the desk's when it changes; the officer can still choose.
  useEffect(() => setLang(deskLang), [deskLang]);
  useEffect(() => {
    void openFor(id);
  }, [id, state, openFor]);
  const contract = issued.find((d) => d.type === 'contract');
  return (
    <Card
      size="small"
      title={t('documents.title')}
      data-testid="loan-documents"
      extra={
        <Space size={8}>
          <span id="document-lang-label">{t('documents.language')}</span>
          <Segmented<Lang>
            aria-labelledby="document-lang-label"
            size="small"
            data-testid="document-lang"
            value={lang}
            onChange={setLang}
            options={LANGS.map((l) => ({ value: l, label: t(`documents.langs.${l}`) }))}
          />
        </Space>
      }
    >
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size={10} style={{ width: '100%' }}>
            {canIssue && (
              <>
                <Flex wrap gap={8}>
                  {LOAN_DOCUMENT_TYPES.map((type) => (
                    <Button key={type} icon={<FilePdfOutlined />} loading={issuing === type} disabled={issuing !== null && issuing !== type} onClick={() => void issue(type, lang)} data-testid={`issue-${type}`}>
                      {t(`documents.types.${type}`)}
                    </Button>
                  ))}
                </Flex>
                <Typography.Text type="secondary" className="card-hint">
                  {t('documents.hint')}
                </Typography.Text>
              </>
            )}
            <ProblemAlert problem={problem} testId="documents-error" />
            {state === 'approved' && canSign && <SignButton detail={detail} contract={contract} />}
            {state !== 'approved' && contract && (
              <Tag color="cyan" data-testid="signed-contract">
                {t('documents.signedWith', { number: contract.number, code: contract.contentHash })}
              </Tag>
            )}
            <div>
              <Typography.Text strong>{t('documents.issuedList')}</Typography.Text>
              <ProblemAlert problem={issuedError} />
              <IssuedTable rows={issued} />
            </div>
          </Space>
        </Col>
        <Col xs={24} xl={14}>
          <PdfPreview preview={preview} onClose={closePreview} emptyText={canIssue ? t('documents.noPreview') : t('documents.noPreviewRead')} />
        </Col>
      </Row>
    </Card>
  );
}
