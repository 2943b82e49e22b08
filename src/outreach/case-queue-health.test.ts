import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { queueHealthOf } from './case-queue-health.js';

describe('queue health', () => {
  const now = new Date('2024-06-10T12:00:00Z');
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

  it('counts open, unassigned, overdue, soon-due and unreachable cases, and per worker, by hand-made cases', () => {
    // Window 72 h: started 80 h ago is overdue unless reached; 60 h ago is due within 24 h; 10 h ago is not.
    const health = queueHealthOf(
      {
        windowHours: 72,
        openCases: [
          { clockStartedAt: hoursAgo(80), assignedTo: 'w1', contactFlags: [], survivorReached: false },
          {
            clockStartedAt: hoursAgo(80),
            assignedTo: 'w1',
            contactFlags: ['no_phone'],
            survivorReached: true,
          },
          {
            clockStartedAt: hoursAgo(60),
            assignedTo: null,
            contactFlags: ['no_phone', 'no_address'],
            survivorReached: false,
          },
          { clockStartedAt: hoursAgo(60), assignedTo: 'w2', contactFlags: [], survivorReached: true },
          {
            clockStartedAt: hoursAgo(10),
            assignedTo: 'gone',
            contactFlags: ['no_address'],
            survivorReached: false,
          },
        ],
        workers: [
          { userId: 'w1', displayName: 'Wanda' },
          { userId: 'w2', displayName: 'Will' },
          { userId: 'w3', displayName: 'Wes' },
        ],
        recentVisits: [
          { lawEnforcementPresent: false, lawEnforcementDress: null },
          { lawEnforcementPresent: false, lawEnforcementDress: null },
          { lawEnforcementPresent: true, lawEnforcementDress: 'plain_clothes' },
          { lawEnforcementPresent: true, lawEnforcementDress: 'uniform' },
        ],
      },
      now,
    );
    assert.deepEqual(health, {
      open: 5,
      unassigned: 1,
      overdue: 1,
      due_within_24h: 1,
      contact_unusable: 1,
      by_worker: [
        { user_id: 'w1', display_name: 'Wanda', open: 2, overdue: 1 },
        { user_id: 'w2', display_name: 'Will', open: 1, overdue: 0 },
        { user_id: 'w3', display_name: 'Wes', open: 0, overdue: 0 },
        { user_id: 'gone', display_name: '', open: 1, overdue: 0 },
      ],
      recent_visits: {
        days: 30,
        total: 4,
        team_composition: [
          { composition: 'public_health_only', visits: 2 },
          { composition: 'with_plain_clothes_officer', visits: 1 },
          { composition: 'with_uniformed_officer', visits: 1 },
        ],
      },
    });
  });
});
