/**
 * The Electron shell: one secure window over the renderer, the application menu, and the api bound
 * to IPC. The engine runs here in the main process; the renderer reaches it only through `call`.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, screen, session, shell, type IpcMainInvokeEvent } from 'electron';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { preparePage } from '../src/host/page';
import { bindApi } from './ipc';
import { createDeskBook, type Keystore } from '../src/host/deskBook';

let mainWindow: BrowserWindow | null = null;

// The desk is served from app://desk/ rather than file://, so that each load gets a fresh CSP nonce
// and no other local file is reachable from the page.
const DESK_ORIGIN = 'app://desk/';
const rendererDir = join(__dirname, '../renderer');
const rendererUrl = process.env.ELECTRON_RENDERER_URL;
const isDeskUrl = (url: string): boolean => url.startsWith(rendererUrl ?? DESK_ORIGIN);

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function serveDesk(): void {
  protocol.handle('app', async (request) => {
    const { host, pathname } = new URL(request.url);
    const relative = decodeURIComponent(pathname).replace(/^\/+/, '') || 'index.html';
    const file = normalize(join(rendererDir, relative));
    if (host !== 'desk' || !file.startsWith(rendererDir + sep)) return new Response('forbidden', { status: 403 });
    if (relative === 'index.html') {
      const html = preparePage(await readFile(file, 'utf8'));
      return new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    }
    return net.fetch(pathToFileURL(file).toString());
  });
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!mainWindow && !!frame && frame === mainWindow.webContents.mainFrame && isDeskUrl(frame.url);
}

// The operating system's keystore, for the office book's password. On Linux without a keyring
// safeStorage falls back to a key built into Chromium, which is no better than plain text: there the
// desk keeps no password and asks for it instead.
const keystore: Keystore = {
  available: () => safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (text) => safeStorage.encryptString(text).toString('base64'),
  decrypt: (b64) => safeStorage.decryptString(Buffer.from(b64, 'base64')),
};

// The desk's settings and its own book live in the user's application data folder. The launcher
// builds better-sqlite3 for Electron's ABI apart from the Node build the tests use, and names it in
// SUANPAN_SQLITE_BINDING. Which book is open, and what went wrong opening it, the desk shows itself.
const desk = createDeskBook({
  dataDir: process.env.SUANPAN_DATA_DIR ?? app.getPath('userData'),
  keystore,
  nativeBinding: process.env.SUANPAN_SQLITE_BINDING,
});

bindApi(ipcMain, isTrustedSender, () => (mainWindow ? [mainWindow.webContents] : []), desk);

// Documents the desk issued: saved where the user chooses, or printed through the system dialog.
// Only PDFs pass (the bytes are checked), and only from the desk's own frame.
const isPdf = (bytes: Buffer): boolean => bytes.subarray(0, 5).toString('latin1') === '%PDF-';
ipcMain.handle('desk:savePdf', async (event, fileName: unknown, base64: unknown) => {
  if (!isTrustedSender(event) || typeof base64 !== 'string' || !mainWindow) return { ok: false };
  const bytes = Buffer.from(base64, 'base64');
  if (!isPdf(bytes)) return { ok: false };
  const name = typeof fileName === 'string' ? basename(fileName).replace(/[^\w.\-\u4e00-\u9fff]/g, '_') : 'document.pdf';
  const choice = await dialog.showSaveDialog(mainWindow, { defaultPath: join(app.getPath('documents'), name), filters: [{ name: 'PDF', extensions: ['pdf'] }] });
  if (choice.canceled || !choice.filePath) return { ok: true, saved: null };
  writeFileSync(choice.filePath, bytes);
  return { ok: true, saved: choice.filePath };
});
ipcMain.handle('desk:printPdf', async (event, base64: unknown) => {
  if (!isTrustedSender(event) || typeof base64 !== 'string' || !mainWindow) return { ok: false };
  const bytes = Buffer.from(base64, 'base64');
  if (!isPdf(bytes)) return { ok: false };
  const file = join(app.getPath('temp'), `suanpan-print-${process.pid}-${Date.now()}.pdf`);
  writeFileSync(file, bytes);
  // Chromium's PDF viewer in a window of its own, with the system print dialog over it.
  const viewer = new BrowserWindow({ parent: mainWindow, width: 900, height: 1000, title: '算盘 Suanpan', webPreferences: { plugins: true, sandbox: true, contextIsolation: true, nodeIntegration: false } });
  viewer.webContents.once('did-finish-load', () => setTimeout(() => viewer.webContents.print({ silent: false }), 400));
  viewer.on('closed', () => rmSync(file, { force: true }));
  await viewer.loadURL(pathToFileURL(file).toString());
  return { ok: true };
});

interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const stateFile = (): string => join(app.getPath('userData'), 'window-state.json');

function loadWindowState(): WindowState {
  const fallback: WindowState = { width: 1360, height: 860, maximized: false };
  try {
    const saved = JSON.parse(readFileSync(stateFile(), 'utf8')) as WindowState;
    // Only restore a position that is still on one of the screens.
    const visible = screen.getAllDisplays().some(({ workArea: a }) =>
      saved.x !== undefined && saved.y !== undefined && saved.x >= a.x && saved.y >= a.y && saved.x < a.x + a.width && saved.y < a.y + a.height,
    );
    return visible ? saved : { ...fallback, width: saved.width, height: saved.height, maximized: saved.maximized };
  } catch {
    return fallback;
  }
}

function saveWindowState(win: BrowserWindow): void {
  const bounds = win.getNormalBounds();
  try {
    writeFileSync(stateFile(), JSON.stringify({ ...bounds, maximized: win.isMaximized() }));
  } catch {
    // The desk still works without remembering its size.
  }
}

function createWindow(): BrowserWindow {
  const state = loadWindowState();
  const win = new BrowserWindow({
    ...state,
    minWidth: 1024,
    minHeight: 640,
    title: '算盘 Suanpan',
    show: false,
    backgroundColor: '#f5f6f8',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // Chromium's PDF viewer, for previewing issued documents inside the desk.
      plugins: true,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => saveWindowState(win));
  // The desk never navigates away and never opens windows; web links go to the system browser.
  win.webContents.on('will-navigate', (event, url) => {
    if (!isDeskUrl(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadURL(rendererUrl ?? `${DESK_ORIGIN}index.html`);
  return win;
}

function buildMenu(): void {
  const template: Electron.MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { label: '文件 File', submenu: [{ role: 'quit', label: '退出 Quit' }] },
    {
      label: '编辑 Edit',
      submenu: [
        { role: 'undo', label: '撤销 Undo' },
        { role: 'redo', label: '重做 Redo' },
        { type: 'separator' },
        { role: 'cut', label: '剪切 Cut' },
        { role: 'copy', label: '复制 Copy' },
        { role: 'paste', label: '粘贴 Paste' },
        { role: 'selectAll', label: '全选 Select all' },
      ],
    },
    {
      label: '视图 View',
      submenu: [
        { role: 'reload', label: '重新载入 Reload' },
        { role: 'resetZoom', label: '实际大小 Actual size' },
        { role: 'zoomIn', label: '放大 Zoom in' },
        { role: 'zoomOut', label: '缩小 Zoom out' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: '全屏 Full screen' },
      ],
    },
    { role: 'windowMenu', label: '窗口 Window' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  void app.whenReady().then(() => {
    // The keystore answers only once the app is ready; api calls wait for the book to be opened.
    void desk.start();
    serveDesk();
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    buildMenu();
    mainWindow = createWindow();
    mainWindow.on('closed', () => (mainWindow = null));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void desk.close());
}
