import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema files with `npm run db:generate` and committed.
export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './src/access/schema.ts',
    './src/access/mfa/schema.ts',
    './src/access/keys/schema.ts',
    './src/intake/schema.ts',
    './src/persons/schema.ts',
    './src/linkage/schema.ts',
    './src/surveillance/schema.ts',
    './src/surveillance/live/schema.ts',
    './src/alerts/schema.ts',
    './src/alerts/community/schema.ts',
    './src/publications/schedules/schema.ts',
    './src/publications/archive/schema.ts',
    './src/platform/jobs/schema.ts',
    './src/platform/outbox/schema.ts',
    './src/outreach/schema.ts',
    './src/directory/schema.ts',
    './src/coercive-acts/schema.ts',
    './src/responders/schema.ts',
    './src/geocoding/schema.ts',
    './src/publications/announcements/schema.ts',
    './src/drug-checking/schema.ts',
    './src/naloxone/schema.ts',
    './src/interop/schema.ts',
    './src/fatality-review/schema.ts',
  ],
  out: './drizzle',
});
