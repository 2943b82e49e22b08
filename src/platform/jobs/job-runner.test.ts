import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ManualTime } from '../../../test/support/manual-time.js';
import { describeEachEngine, openTestDatabase } from '../../../test/support/test-databases.js';
import { type Database, openPostgres } from '../database.js';
import { type Job, JobRunner } from './job-runner.js';

const MINUTE = 60_000;

/** Lets every callback already queued run (promise jobs and immediates). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describeEachEngine('job runner', (engine) => {
  let db: Database;
  let url: string | undefined;
  let dispose: () => Promise<void>;
  const runners: JobRunner[] = [];
  const otherHandles: Database[] = [];

  before(async () => {
    ({ db, dispose, url } = await openTestDatabase(engine));
  });
  after(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await Promise.all(otherHandles.map((h) => h.close()));
    await dispose();
  });

  /** A runner on the test database with its own jobs (names are unique per test, as rows are shared). */
  const runnerOn = (time: ManualTime, jobs: Job[], errors: string[] = [], on: Database = db) => {
    const runner = new JobRunner(on, time, {
      sleep: time.sleep,
      onError: (name, error) => errors.push(`${name}: ${(error as Error).message}`),
    });
    for (const job of jobs) runner.register(job);
    runners.push(runner);
    return runner;
  };

  it('runs an interval job at once, then at each due time counted from the epoch, not between', async () => {
    const time = new ManualTime(new Date('2024-03-11T10:00:30Z'));
    const runs: string[] = [];
    const runner = runnerOn(time, [
      { name: 'interval', schedule: { everyMs: MINUTE }, run: async (now) => runs.push(now.toISOString()) },
    ]);
    runner.start();
    await runner.idle();
    time.advance(20_000); // 10:00:50, same due time
    await runner.idle();
    time.advance(20_000); // 10:01:10
    await runner.idle();
    time.advance(2 * MINUTE); // 10:03:10: two due times passed, one run
    await runner.idle();
    assert.deepEqual(runs, [
      '2024-03-11T10:00:30.000Z',
      '2024-03-11T10:01:10.000Z',
      '2024-03-11T10:03:10.000Z',
    ]);
  });

  it("runs a cron job at the pattern's times in its time zone", async () => {
    // Monday 11 March 2024, 06:59 in New York (EDT): Mondays at 07:00 are due at 11:00 UTC.
    const time = new ManualTime(new Date('2024-03-11T10:59:00Z'));
    const runs: string[] = [];
    const runner = runnerOn(time, [
      {
        name: 'cron',
        schedule: { cron: '0 7 * * 1', timeZone: 'America/New_York' },
        run: async (now) => runs.push(now.toISOString()),
      },
    ]);
    runner.start();
    await runner.idle();
    assert.deepEqual(runs, ['2024-03-11T10:59:00.000Z'], "last Monday's time, never run, runs at once");
    time.advance(MINUTE);
    await runner.idle();
    time.advance(6 * 24 * 60 * MINUTE); // Sunday 11:00 UTC
    await runner.idle();
    time.advance(24 * 60 * MINUTE); // the next Monday 07:00 EDT
    await runner.idle();
    assert.deepEqual(runs, [
      '2024-03-11T10:59:00.000Z',
      '2024-03-11T11:00:00.000Z',
      '2024-03-18T11:00:00.000Z',
    ]);
  });

  it('retries a failed run with a doubling wait, and records the last error when every try failed', async () => {
    const time = new ManualTime(new Date('2024-03-11T10:00:00Z'));
    let flakyTries = 0;
    let brokenTries = 0;
    const errors: string[] = [];
    const runner = runnerOn(
      time,
      [
        {
          name: 'flaky',
          schedule: { everyMs: 60 * MINUTE },
          retry: { attempts: 3, firstDelayMs: 1_000 },
          run: async () => {
            flakyTries++;
            if (flakyTries < 3) throw new Error(`try ${flakyTries}`);
          },
        },
        {
          name: 'broken',
          schedule: { everyMs: 60 * MINUTE },
          retry: { attempts: 2, firstDelayMs: 500 },
          run: async () => {
            brokenTries++;
            throw new Error('always');
          },
        },
      ],
      errors,
    );
    runner.start();
    await Promise.all([time.askedToWait(1_000), time.askedToWait(500)]);
    assert.equal(flakyTries, 1, 'no second try before the wait ends');
    time.advance(1_000);
    await time.askedToWait(2_000);
    assert.equal(flakyTries, 2);
    time.advance(2_000);
    await runner.idle();
    assert.equal(flakyTries, 3);
    assert.equal(brokenTries, 2, 'two tries in all, then the next due time');
    assert.deepEqual(errors.sort(), ['broken: always', 'broken: always', 'flaky: try 1', 'flaky: try 2']);
    const rows = await db.query<{ name: string; last_error: string | null; running_until: Date | null }>(
      "select name, last_error, running_until from scheduled_jobs where name in ('flaky', 'broken') order by name",
    );
    assert.deepEqual(rows, [
      { name: 'broken', last_error: 'always', running_until: null },
      { name: 'flaky', last_error: null, running_until: null },
    ]);
  });

  it('stops only once the running job has ended, and cuts a retry wait short', async () => {
    const time = new ManualTime(new Date('2024-03-11T10:00:00Z'));
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let started = false;
    let ended = false;
    const runner = runnerOn(time, [
      {
        name: 'slow',
        schedule: { everyMs: MINUTE },
        run: async () => {
          started = true;
          await gate;
          ended = true;
        },
      },
      {
        name: 'waiting-retry',
        schedule: { everyMs: MINUTE },
        retry: { attempts: 5, firstDelayMs: 3_600_000 },
        run: async () => {
          throw new Error('fails');
        },
      },
    ]);
    runner.start();
    while (!started) await settle();
    await time.askedToWait(3_600_000);
    let stopped = false;
    const stopping = runner.stop().then(() => {
      stopped = true;
    });
    for (let i = 0; i < 20; i++) await settle();
    assert.equal(stopped, false, 'stop waits for the running job');
    open();
    await stopping;
    assert.equal(ended, true);
  });

  it('is idle at once when nothing runs, and runs what became due before it says so', async () => {
    const time = new ManualTime(new Date('2024-03-11T10:00:00Z'));
    let runs = 0;
    const job: Job = { name: 'idle-probe', schedule: { everyMs: MINUTE }, run: async () => void runs++ };
    const notStarted = runnerOn(time, [job]);
    await notStarted.idle();
    assert.equal(runs, 0, 'a runner not started runs nothing');
    const runner = runnerOn(time, [{ ...job, name: 'idle-probe-2' }]);
    runner.start();
    await runner.idle();
    assert.equal(runs, 1);
    // The clock moves without waking the runner's timer: idle still runs the due job first.
    time.advance(MINUTE);
    await runner.idle();
    assert.equal(runs, 2);
  });

  it('waits for many jobs at once on the real timer without a listener-leak warning', async () => {
    const time = new ManualTime(new Date('2024-03-11T10:00:30Z'));
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    const jobs: Job[] = Array.from({ length: 15 }, (_, i) => ({
      name: `many-${i}`,
      schedule: { everyMs: 60 * MINUTE },
      run: async () => {},
    }));
    const runner = new JobRunner(db, time, {});
    for (const job of jobs) runner.register(job);
    runner.start();
    await runner.idle();
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await runner.stop();
    process.off('warning', onWarning);
    assert.deepEqual(warnings, []);
  });

  it('runs each job once per due time between two servers sharing the database', async () => {
    const time = new ManualTime(new Date('2024-03-11T10:00:00Z'));
    const runs: string[] = [];
    const jobsOf = (server: string): Job[] => [
      {
        name: 'shared-interval',
        schedule: { everyMs: 10 * MINUTE },
        run: async (now) => {
          runs.push(`interval ${now.toISOString()} on ${server}`);
          await settle();
        },
      },
      {
        name: 'shared-cron',
        schedule: { cron: '*/15 * * * *' },
        run: async (now) => {
          runs.push(`cron ${now.toISOString()} on ${server}`);
          await settle();
        },
      },
    ];
    // On PostgreSQL the second server has its own connection pool to the same database, as a second
    // process would; PGlite has one server by nature, so there the two share its handle.
    const secondHandle = url ? await openPostgres(url) : db;
    if (url) otherHandles.push(secondHandle);
    const first = runnerOn(time, jobsOf('first'));
    const second = runnerOn(time, jobsOf('second'), [], secondHandle);
    first.start();
    second.start();
    for (let step = 0; step < 12; step++) {
      await Promise.all([first.idle(), second.idle()]);
      time.advance(5 * MINUTE);
    }
    await Promise.all([first.idle(), second.idle()]);
    const times = (kind: string) => runs.filter((r) => r.startsWith(kind)).map((r) => r.split(' ')[1]);
    // 10:00 to 11:00 every five minutes: the interval's due times are on the tens, the cron's on the quarters.
    const expected = (every: number) =>
      Array.from({ length: 60 / every + 1 }, (_, i) =>
        new Date(Date.UTC(2024, 2, 11, 10, i * every)).toISOString(),
      );
    assert.deepEqual(times('interval'), expected(10), 'each interval due time ran once, on one server');
    assert.deepEqual(times('cron'), expected(15), 'each cron due time ran once, on one server');
  });
});
