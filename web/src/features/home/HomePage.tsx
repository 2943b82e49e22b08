import { pageInfo } from '../../shared/navigation';

/** The administration pages, each with what is done there. */
const ADMINISTRATION_PAGES = [
  {
    page: 'users',
    task: 'Invite users, set their role, organization and programs, disable them, reset their second factors',
  },
  {
    page: 'organizations',
    task: 'Organizations and their contacts, their API keys (create, rotate, revoke), schools',
  },
  {
    page: 'settings',
    task: 'Time zone, publication settings, second factors, session lifetimes, single sign-on, retention',
  },
  { page: 'audit', task: 'Search and export the audit trail, verify its chain, see unusual reads' },
  { page: 'security', task: 'Rotate the encryption key and follow the re-sealing' },
  { page: 'agreements', task: 'Sharing agreements between organizations' },
] as const;

/** What stays on the server's command line: the host's tasks, which need the machine itself. */
const HOST_COMMANDS: readonly { task: string; command: string }[] = [
  {
    task: 'Add a jurisdiction (a state, county or city), or list them',
    command: 'sos jurisdiction create --short-name SHORT --name NAME --time-zone America/New_York',
  },
  {
    task: 'Import a layer of areas (towns, tracts, ZIP codes) with their populations',
    command:
      'sos layer import FILE.geojson --name NAME --id-property PROP --population FILE.csv --population-id-column COL --population-column COL',
  },
  {
    task: 'Back up the database (encrypted, verified by restoring it into a scratch database)',
    command: 'sos backup --out FILE',
  },
  {
    task: 'Check the audit trail against the signed checkpoints kept outside the database',
    command: 'sos audit verify --checkpoint FILE',
  },
];

/** The landing page of administrators: the administration pages, and what stays on the command line. */
export function HomePage() {
  return (
    <section className="home">
      <h1>Administration</h1>
      <ul className="admin-pages">
        {ADMINISTRATION_PAGES.map(({ page, task }) => (
          <li key={page}>
            <a href={pageInfo[page].path}>{pageInfo[page].title}</a>: {task}
          </li>
        ))}
      </ul>
      <h2>On the server</h2>
      <p>
        These tasks need the machine the server runs on (<code>npx sos</code>, or{' '}
        <code>node dist/src/main/cli.js</code>):
      </p>
      <dl className="commands">
        {HOST_COMMANDS.map(({ task, command }) => (
          <div key={command}>
            <dt>{task}</dt>
            <dd>
              <code>{command}</code>
            </dd>
          </div>
        ))}
      </dl>
      <p>
        The API is documented at <a href="/api/docs">/api/docs</a>.
      </p>
    </section>
  );
}
