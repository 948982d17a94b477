/**
 * The documents of the open application: the contract, the repayment schedule and the disclosure
 * sheet the engine issues (and records, with a check code), the list of those already issued, the
 * one being previewed, and signing. The PDF bytes come from the engine; the desk only shows them.
 */
import { create } from 'zustand';
import { call, type ApiInput, type ApiResult } from '../api/client';
import { pdfUrl } from '../pdf';
import type { Lang } from '../i18n';
import { errorsOf, useApplications, type Problem } from './applications';
import { useSession } from './session';

export type LoanDocumentType = ApiInput<'documents/issue'>['type'];
export type IssuedRow = ApiResult<'documents/issued'>[number];

export const LOAN_DOCUMENT_TYPES: LoanDocumentType[] = ['contract', 'schedule', 'disclosure'];
/** States in which an application's documents can be issued. */
export const DOCUMENT_STATES = ['approved', 'signed', 'disbursed'];

/** A PDF on screen: its blob URL for the frame, and what it is. */
export interface Preview {
  url: string;
  base64: string;
  fileName: string;
  type: string;
  number: string | null;
  lang: string | null;
  contentHash: string | null;
}

export const makePreview = (base64: string, about: Omit<Preview, 'url' | 'base64'>): Preview => ({ url: pdfUrl(base64), base64, ...about });

interface DocumentsState {
  applicationId: string | null;
  issued: IssuedRow[];
  issuedError: Problem | null;
  issuing: LoanDocumentType | null;
  /** The issued document being fetched to show again. */
  opening: string | null;
  problem: Problem | null;
  preview: Preview | null;
  signing: boolean;
  signError: Problem | null;
  /** Starts on an application: its list of issued documents, and no preview from another one. */
  openFor: (applicationId: string) => Promise<void>;
  loadIssued: () => Promise<void>;
  issue: (type: LoanDocumentType, lang: Lang) => Promise<void>;
  openIssued: (row: IssuedRow) => Promise<void>;
  closePreview: () => void;
  sign: () => Promise<boolean>;
  clearSignError: () => void;
}

export const useDocuments = create<DocumentsState>((set, get) => {
  const show = (preview: Preview | null): void => {
    const old = get().preview;
    if (old) URL.revokeObjectURL(old.url);
    set({ preview });
  };

  return {
    applicationId: null,
    issued: [],
    issuedError: null,
    issuing: null,
    opening: null,
    problem: null,
    preview: null,
    signing: false,
    signError: null,

    openFor: async (applicationId) => {
      if (get().applicationId !== applicationId) {
        show(null);
        set({ applicationId, issued: [], issuedError: null, problem: null, signError: null });
      }
      await get().loadIssued();
    },

    loadIssued: async () => {
      const id = get().applicationId;
      if (!id) return;
      try {
        const issued = await call('documents/issued', { ownerType: 'application', ownerId: id });
        if (get().applicationId === id) set({ issued, issuedError: null });
      } catch (e) {
        if (get().applicationId === id) set({ issuedError: errorsOf(e).problem });
      }
    },

    issue: async (type, lang) => {
      const id = get().applicationId;
      if (!id || get().issuing) return;
      set({ issuing: type, problem: null });
      try {
        const r = await call('documents/issue', { type, id, lang });
        if (get().applicationId !== id) return;
        show(makePreview(r.contentBase64, { fileName: r.fileName, type: r.type, number: r.number, lang: r.lang, contentHash: r.contentHash }));
        // The issued file is kept with the application: its file list shows it too.
        await Promise.all([get().loadIssued(), useApplications.getState().reload()]);
      } catch (e) {
        set({ problem: errorsOf(e).problem });
      } finally {
        set({ issuing: null });
      }
    },

    openIssued: async (row) => {
      set({ opening: row.id, problem: null });
      try {
        const r = await call('documents/content', { id: row.documentId });
        show(makePreview(r.contentBase64, { fileName: r.fileName, type: row.type, number: row.number, lang: row.lang, contentHash: row.contentHash }));
      } catch (e) {
        set({ problem: errorsOf(e).problem });
      } finally {
        set({ opening: null });
      }
    },

    closePreview: () => show(null),

    sign: async () => {
      const id = get().applicationId;
      if (!id) return false;
      set({ signing: true, signError: null });
      try {
        await call('applications/sign', { id });
        set({ signing: false });
        await Promise.all([useApplications.getState().reload(), get().loadIssued()]);
        return true;
      } catch (e) {
        set({ signing: false, signError: errorsOf(e).problem });
        return false;
      }
    },

    clearSignError: () => set({ signError: null }),
  };
});

// Another person at the desk sees none of the last one's documents.
useSession.subscribe((s, prev) => {
  if (s.user?.userId !== prev.user?.userId) {
    const old = useDocuments.getState().preview;
    if (old) URL.revokeObjectURL(old.url);
    useDocuments.setState({ applicationId: null, issued: [], issuedError: null, problem: null, preview: null, signError: null });
  }
});
