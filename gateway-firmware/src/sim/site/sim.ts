import { runSim } from './sim-cli';

await runSim(process.argv.slice(2));
