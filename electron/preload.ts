/** The narrow bridge: the renderer gets one object and nothing of Node or Electron. */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('suanpan', { platform: process.platform });
