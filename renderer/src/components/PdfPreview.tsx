/** An issued PDF shown in the page (the browser's own PDF viewer, in a frame), with Save and Print. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wordFor } from '../i18n/words';
import { Button, Empty, Flex, Space, Tag, Typography } from 'antd';
import { CloseOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { printPdf, savePdf } from '../pdf';
import type { Preview } from '../stores/documents';

export function PdfPreview({ preview, onClose, height = 720, emptyText }: { preview: Preview | null; onClose: () => void; height?: number; emptyText: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<'save' | 'print' | null>(null);
  if (!preview) {
    return (
      <div className="pdf-preview pdf-preview-empty" data-testid="pdf-preview-empty">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />
      </div>
    );
  }
  const act = async (what: 'save' | 'print') => {
    setBusy(what);
    try {
      await (what === 'save' ? savePdf(preview.fileName, preview.base64) : printPdf(preview.base64));
    } finally {
      setBusy(null);
    }
  };
  const title = wordFor(t, 'documents.types', preview.type);
  return (
    <div className="pdf-preview" data-testid="pdf-preview" data-type={preview.type} data-number={preview.number ?? ''} data-lang={preview.lang ?? ''}>
      <Flex justify="space-between" align="center" wrap gap={8} className="pdf-preview-bar">
        <Space size={8} wrap>
          <Typography.Text strong>{title}</Typography.Text>
          {preview.number && <span className="num" data-testid="pdf-preview-number">{preview.number}</span>}
          {preview.lang && <Tag>{wordFor(t, 'documents.langs', preview.lang)}</Tag>}
          {preview.contentHash && (
            <Typography.Text type="secondary">
              {t('documents.checkCode')} <span className="num" data-testid="pdf-preview-check">{preview.contentHash}</span>
            </Typography.Text>
          )}
        </Space>
        <Space size={6}>
          <Button size="small" icon={<DownloadOutlined />} loading={busy === 'save'} onClick={() => void act('save')} data-testid="pdf-save">
            {t('documents.save')}
          </Button>
          <Button size="small" icon={<PrinterOutlined />} loading={busy === 'print'} onClick={() => void act('print')} data-testid="pdf-print">
            {t('documents.print')}
          </Button>
          <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('documents.close')} title={t('documents.close')} onClick={onClose} data-testid="pdf-close" />
        </Space>
      </Flex>
      <iframe key={preview.url} className="pdf-frame" src={preview.url} title={t('documents.previewOf', { title, number: preview.number ?? '' })} style={{ height }} data-testid="pdf-frame" />
    </div>
  );
}
