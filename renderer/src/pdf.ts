/**
 * Issued PDFs on the desk: a blob URL to preview one in the page, and saving and printing it. In the
 * Electron app the main process saves (a save dialog) and prints (the system print dialog); in
 * browser mode saving is a download and printing opens the PDF in a tab of its own, where the
 * browser's PDF viewer prints it.
 */
import { bridge } from './api/client';

/** Base64 to bytes, in chunks (a large file decoded at once can be slow to build). */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A blob: URL of the PDF, for the preview frame; revoke it when the preview closes. */
export const pdfUrl = (base64: string): string => URL.createObjectURL(new Blob([base64ToBytes(base64)], { type: 'application/pdf' }));

/** Where a file name could carry a path or characters a file system refuses: keep the name itself. */
const safeName = (fileName: string): string => fileName.replace(/^.*[\\/]/, '').replace(/[^\w.\-\u4e00-\u9fff]/g, '_') || 'document.pdf';

/** Saves the PDF: a save dialog in the app, a download in browser mode. */
export async function savePdf(fileName: string, base64: string): Promise<void> {
  const b = bridge();
  if (b?.savePdf) {
    await b.savePdf(safeName(fileName), base64);
    return;
  }
  const url = pdfUrl(base64);
  const a = document.createElement('a');
  a.href = url;
  a.download = safeName(fileName);
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has its own copy once started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Prints the PDF: the system print dialog in the app; in browser mode, the PDF in a new tab to print from. */
export async function printPdf(base64: string): Promise<void> {
  const b = bridge();
  if (b?.printPdf) {
    await b.printPdf(base64);
    return;
  }
  const url = pdfUrl(base64);
  window.open(url, '_blank');
  setTimeout(() => URL.revokeObjectURL(url), 10 * 60_000);
}
