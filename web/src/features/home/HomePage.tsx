/** What an administrator does today from the server's command line, each with its command. */
const ADMINISTRATOR_COMMANDS: readonly { task: string; command: string }[] = [
  {
    task: 'Add a jurisdiction (a state, county or city), or list them',
    command: 'sos jurisdiction create --short-name SHORT --name NAME --time-zone America/New_York',
  },
  {
    task: 'Add an organization (EMS, police, hospital, medical examiner...) to a jurisdiction',
    command: 'sos organization create --name NAME --type ems --jurisdiction SHORT',
  },
  {
    task: 'Add a user with a role (submitters with their organization); the password is printed once',
    command: 'sos user create --email EMAIL --role analyst --jurisdiction SHORT [--organization ID]',
  },
  {
    task: "Give an organization's records system an API key to send reports (shown once)",
    command: 'sos apikey create --name NAME --jurisdiction SHORT --organization ID',
  },
  {
    task: 'Import a layer of areas (towns, tracts, ZIP codes) with their populations',
    command:
      'sos layer import FILE.geojson --name NAME --id-property PROP --population FILE.csv --population-id-column COL --population-column COL',
  },
  {
    task: 'Check that the audit trail was not altered (its hash chain, end to end)',
    command: 'sos audit verify',
  },
  {
    task: 'Re-seal identifiable data under a new encryption key after adding it first in SOS_ENCRYPTION_KEYS',
    command: 'sos keys reseal',
  },
];

/** The landing page of administrators: the pages of their menu and the command-line tasks. */
export function HomePage() {
  return (
    <section className="home">
      <h1>Administration</h1>
      <p>
        In this app you manage <a href="/rules">alert rules</a> and weekly{' '}
        <a href="/reports">report schedules</a>. Jurisdictions, organizations, users, API keys, layers and the
        audit trail are managed on the server's command line (<code>npx sos</code>, or{' '}
        <code>node dist/src/main/cli.js</code>), where the server runs:
      </p>
      <dl className="commands">
        {ADMINISTRATOR_COMMANDS.map(({ task, command }) => (
          <div key={command}>
            <dt>{task}</dt>
            <dd>
              <code>{command}</code>
            </dd>
          </div>
        ))}
      </dl>
      <p>
        <code>sos jurisdiction list</code> and <code>sos organization list</code> show the ids these commands
        take. The API is documented at <a href="/api/docs">/api/docs</a>.
      </p>
    </section>
  );
}
