/**
 * The page's CSP allows style tags only with this load's nonce (no 'unsafe-inline'). The component
 * kit passes the nonce where it can; a few of its helpers (scrollbar measuring, for one) create
 * style tags without it. Those are created by script, and only the desk's own script can run
 * (script-src 'self'), so script-created style tags get the nonce here; style tags in injected
 * markup are still refused.
 */
export const cspNonce = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? undefined;

if (cspNonce) {
  const create = document.createElement.bind(document);
  document.createElement = ((tagName: string, options?: ElementCreationOptions) => {
    const element = create(tagName, options);
    if (tagName.toLowerCase() === 'style') element.setAttribute('nonce', cspNonce);
    return element;
  }) as typeof document.createElement;
}
