import { readFileSync } from 'node:fs';
import path from 'node:path';
import { moduleOf, sourceFiles } from './import-graph.js';

/** A table named in SQL by a source file: `from`, `join`, `into`, `update` or `delete from` followed by its name. */
export interface TableMention {
  file: string;
  table: string;
  /** Whether the SQL only reads the table there (`from`, `join`) or changes it. */
  reads?: boolean;
}

/** Each table of a `schema.ts` (its `pgTable('name'` calls), with the module that owns it. */
export function readTableOwners(root: string, folder: string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of sourceFiles(root, folder).filter((f) => f.endsWith('/schema.ts'))) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const match of text.matchAll(/pgTable\(\s*['"]([a-z_][a-z0-9_]*)['"]/g)) {
      owners.set(match[1] as string, moduleOf(file));
    }
  }
  return owners;
}

const SQL_TABLE = /\b(delete\s+from|from|join|into|update)\s+"?([a-z_][a-z0-9_]*)/gi;

/** Every table name that follows `from`, `join`, `into` or `update` inside a string of the source files. */
export function readTableMentions(root: string, folders: readonly string[]): TableMention[] {
  const mentions: TableMention[] = [];
  for (const file of folders.flatMap((folder) => sourceFiles(root, folder))) {
    for (const literal of stringLiterals(readFileSync(path.join(root, file), 'utf8'))) {
      for (const match of literal.matchAll(SQL_TABLE)) {
        const verb = (match[1] as string).toLowerCase();
        mentions.push({ file, table: match[2] as string, reads: verb === 'from' || verb === 'join' });
      }
    }
  }
  return mentions;
}

/**
 * The contents of a TypeScript text's string and template literals, comments skipped (their prose
 * says "from" and "into" too). A template's `${...}` stays in its text: SQL is rarely split there.
 */
export function stringLiterals(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') i = lineEnd(text, i);
    else if (c === '/' && text[i + 1] === '*') i = blockEnd(text, i);
    else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !(c !== '`' && text[j] === '\n'))
        j += text[j] === '\\' ? 2 : 1;
      out.push(text.slice(i + 1, j));
      i = j + 1;
    } else i++;
  }
  return out;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

function blockEnd(text: string, from: number): number {
  const end = text.indexOf('*/', from + 2);
  return end === -1 ? text.length : end + 2;
}
