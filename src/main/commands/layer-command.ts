import { parseArgs } from 'node:util';
import { cliActor } from '../../access/roles.js';
import { listLayers } from '../../surveillance/layer-repository.js';
import { importLayer } from '../../surveillance/layer-service.js';
import { type CliCommand, usageError } from './command-line.js';
import { resolveJurisdiction, withContext } from './command-support.js';

/** sos layer import FILE.geojson --name NAME --id-property PROP [--population CSV ...] | sos layer list */
export const layerCommand: CliCommand = {
  usage: `sos layer import FILE.geojson --name NAME --id-property PROP [--population CSV --population-id-column COL --population-column COL] [--jurisdiction ID] [--json]
sos layer list [--jurisdiction ID] [--json]`,
  run: runLayer,
};

async function runLayer(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      'id-property': { type: 'string' },
      population: { type: 'string' },
      'population-id-column': { type: 'string' },
      'population-column': { type: 'string', default: 'population' },
      jurisdiction: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (sub === 'list') {
    return withContext({ command: 'layer list' }, async (context) => {
      const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
      const layers = await listLayers(context.db, jurisdiction.id);
      if (values.json) console.log(JSON.stringify(layers));
      else
        for (const l of layers)
          console.log(`${l.id}\t${l.name}\t${l.areaCount} areas\t${l.populatedCount} with population`);
      return 0;
    });
  }
  const [file] = positionals;
  if (sub !== 'import') throw usageError('Name a subcommand: import or list');
  if (!file || !values.name || !values['id-property'])
    throw usageError('Name the GeoJSON file, --name and --id-property');
  return withContext({ command: 'layer import' }, async (context) => {
    const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
    const summary = await importLayer(context, cliActor, {
      jurisdiction,
      geojsonPath: file,
      name: values.name as string,
      idProperty: values['id-property'] as string,
      ...(values.population
        ? {
            population: {
              csvPath: values.population,
              idColumn: values['population-id-column'] ?? (values['id-property'] as string),
              populationColumn: values['population-column'] as string,
            },
          }
        : {}),
    });
    if (values.json) console.log(JSON.stringify(summary));
    else {
      console.log(
        `layer ${summary.layerId}: ${summary.areas} areas, ${summary.withPopulation} with population, ${summary.overdosesAssigned} overdoses assigned`,
      );
      if (summary.withoutPopulation.length)
        console.log(`no population for: ${summary.withoutPopulation.join(', ')}`);
    }
    return 0;
  });
}
