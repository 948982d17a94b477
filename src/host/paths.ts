import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the desk keeps its book when none is named: the platform's per-user application data folder. */
export function defaultDataDir(): string {
  if (process.env.SUANPAN_DATA_DIR) return process.env.SUANPAN_DATA_DIR;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Suanpan');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Suanpan');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'suanpan');
}
