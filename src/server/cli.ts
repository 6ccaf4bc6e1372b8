// The process behind `channeldesk`; the commands are in cli-program.ts.
import { runCli } from './cli-program';

const code = await runCli(process.argv);
if (code !== 0) process.exit(code);
