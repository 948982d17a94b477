import { randomBytes } from 'node:crypto';

/**
 * The desk page as served: a fresh CSP nonce for the component kit's style tags (so the policy needs
 * no 'unsafe-inline'), and in browser mode the run's api token.
 */
export function preparePage(html: string, token?: string): string {
  const nonce = randomBytes(16).toString('base64');
  const page = html.replaceAll('__CSP_NONCE__', nonce);
  return token ? page.replace('<head>', `<head>\n    <meta name="suanpan-token" content="${token}" />`) : page;
}
