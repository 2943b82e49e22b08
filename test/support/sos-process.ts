import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The built CLI, as `npm start` and `npx sos` run it. */
export const CLI = path.resolve('dist/src/main/cli.js');

/** What one `sos` run printed and how it exited. */
export interface SosRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs `sos` with a given environment; resolves with stdout, stderr and the exit code. */
export async function sos(args: string[], env: NodeJS.ProcessEnv): Promise<SosRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** A running `sos start`, its URL and its output so far. */
export interface SosServer {
  child: ChildProcess;
  url: string;
  output: string;
}

/** Starts `sos start` (with `args`) on a free loopback port and resolves once it serves. */
export function startServer(env: NodeJS.ProcessEnv, args: string[] = []): Promise<SosServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'start', ...args], {
      env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no start within 240 s:\n${output}`)), 240_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] as string, output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sos start exited with ${code}:\n${output}`));
    });
  });
}

/** Stops a server the way an operator does (SIGTERM) and waits for it to exit. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
