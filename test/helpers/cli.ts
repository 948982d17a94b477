/**
 * Runs the package's `suanpan` program as a user runs it: a real process, one JSON request on
 * standard input, in the checkout's folder, with English messages unless the test asks otherwise.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = fileURLToPath(new URL('../../src/cli/suanpan.mjs', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `suanpan <args>` with `stdin`; `command` and `pre` start it another way (the bundle itself, say). */
export function runCli(args: string[], stdin = '', command = process.execPath, pre: string[] = [bin]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...pre, ...args], { cwd: root, env: { ...process.env, LANG: 'C', SUANPAN_LANG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
