import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from './db.js';
import { migrateToLatest } from './migrate.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function modeOf(file: string): number {
  return statSync(file).mode & 0o777;
}

it('creates the SQLite database and its WAL files readable by their owner only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-db-'));
  dirs.push(dir);
  const file = join(dir, 'data', 'keyward.db');
  const db = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(db);
  for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(path), path).toBe(0o600);
  expect(modeOf(join(dir, 'data'))).toBe(0o700);
  await db.close();
});

it('narrows a database file that others could read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-db-'));
  dirs.push(dir);
  const file = join(dir, 'keyward.db');
  writeFileSync(file, '', { mode: 0o644 });
  const db = openDatabase({ kind: 'sqlite', file });
  expect(modeOf(file)).toBe(0o600);
  await db.close();
});
