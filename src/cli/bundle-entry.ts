import { main } from './main.js';
import { processIO } from './io.js';

/**
 * The bundled CLI's entry (scripts/bundle-cli.mjs): a CommonJS file that bin/renamer.js loads with V8's code cache,
 * so it cannot run at the top level with `await` as dist/cli/run.js does.
 */
export async function run(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), processIO());
}
