import './csp';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import 'antd/dist/antd.css';
import './styles.css';
import { App } from './App';
import { useApp } from './stores/app';
import { useQuote } from './stores/quote';
import { useSession } from './stores/session';

void useSession.getState().load();

// Ask for the business date while React draws the first frame, and quote on it as soon as it comes.
void useApp
  .getState()
  .loadInfo()
  .then(() => {
    const info = useApp.getState().info;
    if (info && !useQuote.getState().form.disbursementDate) useQuote.getState().start(info.businessDate);
  });

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
