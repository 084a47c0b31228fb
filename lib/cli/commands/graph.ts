import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { organizationGraph, toMermaid } from '../../report';
import { ExitCode } from '../exit-codes';
import { Io } from '../output';
import { synthesizeSelection } from '../pipeline';
import { CommonOptions, contextOf, withSelection } from './common';

interface GraphOptions extends CommonOptions {
  readonly out?: string;
}

/** `baseline graph`: the report's organization diagram as Mermaid. */
export function graphCommand(io: Io, done: (code: number) => void): Command {
  return withSelection(new Command('graph'))
    .summary('print the organization diagram as Mermaid (environments, clouds, clusters, registries, services, calls)')
    .description('Synthesizes the organization and prints the diagram of `baseline report` as a Mermaid flowchart, for a README,\n'
      + 'a pull request or any Mermaid renderer. With --json, the diagram\'s model and the Mermaid text.')
    .option('--out <file>', 'write the Mermaid text to this file instead of stdout')
    .action(async (options: GraphOptions) => {
      const { out, loaded, selection } = contextOf(options, io);
      const { artifacts } = await synthesizeSelection(loaded, selection, out, { threads: options.threads });
      const graph = organizationGraph(loaded.organization, artifacts);
      const mermaid = toMermaid(graph);
      if (options.out !== undefined) {
        const file = path.resolve(io.cwd, options.out);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, mermaid);
      }
      out.result({ command: 'graph', ok: true, organization: loaded.organization.name, graph, mermaid });
      if (options.out === undefined && !out.json) io.stdout.write(mermaid);
      done(ExitCode.OK);
    });
}
