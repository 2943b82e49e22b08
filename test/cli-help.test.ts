import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sos } from './support/sos-process.js';

/** The flags a text names, per command: `sos layer import ... --name` counts for "layer". */
function flagsByCommand(lines: readonly string[]): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const line of lines) {
    const name = /^sos ([a-z]+)/.exec(line.trim())?.[1];
    if (!name) continue;
    const flags = found.get(name) ?? new Set<string>();
    for (const flag of line.match(/--[a-z][a-z-]*/g) ?? []) flags.add(flag);
    found.set(name, flags);
  }
  return found;
}

describe('sos --help', () => {
  // No command here may touch a database: an empty folder that must stay empty proves it.
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-help-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { SOS_DATA_DIR: dir, DATABASE_URL: '' };

  it('is answered by every command and subcommand, with exit 0 and its usage', async () => {
    const top = await sos(['--help'], env);
    assert.equal(top.code, 0);
    const usageLines = top.stdout.split('\n').filter((l) => /^\s+sos [a-z]/.test(l));
    const invocations = usageLines.map((l) => {
      const words = l.trim().split(/\s+/);
      // `sos jurisdiction create ...`: the subcommand is a lower-case word before the first flag or argument.
      return /^[a-z]+$/.test(words[2] ?? '') ? words.slice(1, 3) : words.slice(1, 2);
    });
    assert.ok(invocations.length >= 17, `${invocations.length} usage lines`);
    for (const invocation of invocations) {
      const help = await sos([...invocation, '--help'], env);
      assert.equal(help.code, 0, `${invocation.join(' ')} --help: ${help.stderr}`);
      assert.match(
        help.stdout,
        new RegExp(`^Usage:\\n(.*\\n)*\\s+sos ${invocation.join(' ')}`),
        invocation.join(' '),
      );
    }
    assert.deepEqual(readdirSync(dir), []);
  });

  it('exits 2 with the usage when the command line is wrong, and 1 when the work fails', async () => {
    const generate = await sos(['demo', 'generate'], env);
    assert.equal(generate.code, 2);
    assert.match(
      generate.stderr,
      /^error CLI_USAGE: --out is required\nUsage:\n\s+sos demo generate --events N/,
    );
    const unknownOption = await sos(['jurisdiction', 'create', '--colour', 'red'], env);
    assert.equal(unknownOption.code, 2);
    assert.match(unknownOption.stderr, /^error CLI_USAGE: Unknown option '--colour'/);
    const unknownCommand = await sos(['frobnicate'], env);
    assert.equal(unknownCommand.code, 2);
    const missingFile = await sos(
      ['detect', '--method', 'earsC', '--input', path.join(dir, 'none.csv')],
      env,
    );
    assert.equal(missingFile.code, 1, missingFile.stderr);
  });

  it('names the same flags as the README, command by command', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /## Command line[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const inReadme = flagsByCommand(block.split('\n'));
    const inHelp = flagsByCommand((await sos(['--help'], env)).stdout.split('\n'));
    assert.deepEqual([...inReadme.keys()].sort(), [...inHelp.keys()].sort());
    for (const [name, flags] of inHelp) {
      assert.deepEqual([...(inReadme.get(name) ?? [])].sort(), [...flags].sort(), `sos ${name}`);
    }
  });
});
