import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalSync, walFiles, type WalFiles } from '../../relay/db/wal-sync';

/** The real file operations, counted, with each fdatasync held until the test releases it. */
function countedFiles() {
  const calls = { datasync: 0, open: 0, close: 0, inode: 0 };
  const pending: (() => void)[] = [];
  const files: WalFiles = {
    inode: (p) => (calls.inode++, walFiles.inode(p)),
    open: (p) => (calls.open++, walFiles.open(p)),
    close: (fd) => (calls.close++, walFiles.close(fd)),
    datasync: (fd) => {
      calls.datasync++;
      return new Promise((resolve, reject) => pending.push(() => walFiles.datasync(fd).then(resolve, reject)));
    },
  };
  const release = () => pending.splice(0).forEach((go) => go());
  return { calls, files, release };
}

const tick = () => new Promise((r) => setImmediate(r));
/** Waits until `check` holds (the stat before each fdatasync runs on the thread pool). */
const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
  return check();
};

const walFile = () => {
  const path = join(mkdtempSync(join(tmpdir(), 'hookline-wal-')), 'relay.sqlite-wal');
  writeFileSync(path, 'frames');
  return path;
};

describe('WalSync (the group commit of the -wal file)', () => {
  it('makes a commit wait for a sync that started after it; every commit made during one sync shares the next', async () => {
    const path = walFile();
    const { calls, files, release } = countedFiles();
    const wal = new WalSync(path, files);
    const settled: string[] = [];
    const first = wal.sync().then(() => settled.push('first'));
    expect(await until(() => calls.datasync === 1)).toBe(true);
    // Commits made while the first sync runs may have missed it: one more sync, after it, covers all of them.
    const during = [wal.sync(), wal.sync(), wal.sync()].map((p) => p.then(() => settled.push('during')));
    await tick();
    expect(calls.datasync).toBe(1);
    release();
    await first;
    expect(await until(() => calls.datasync === 2)).toBe(true);
    expect(settled).toEqual(['first']);
    release();
    await Promise.all(during);
    expect(settled).toEqual(['first', 'during', 'during', 'during']);
    expect(calls.datasync).toBe(2);
    expect(calls.open).toBe(1); // one descriptor kept across syncs
    await wal.close();
    expect(calls.close).toBe(1);
  });

  it('reopens the -wal file when another file took its place, and fails a sync when there is none', async () => {
    const path = walFile();
    const { calls, files, release } = countedFiles();
    const wal = new WalSync(path, files);
    const once = wal.sync();
    await until(() => calls.datasync === 1);
    release();
    await once;
    writeFileSync(`${path}.new`, 'other frames');
    renameSync(`${path}.new`, path);
    const again = wal.sync();
    await until(() => calls.datasync === 2);
    release();
    await again;
    expect(calls).toMatchObject({ open: 2, close: 1, datasync: 2 });
    await wal.close();

    const missing = new WalSync(join(tmpdir(), 'hookline-no-such-dir', 'x.sqlite-wal'));
    await expect(missing.sync()).rejects.toMatchObject({ code: 'ENOENT' });
    await missing.close();
  });
});
