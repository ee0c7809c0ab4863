/** Preloaded (`node -r`) into a command the benchmark times: reports the process's peak RSS as it exits. */
import { writeSync } from 'node:fs';

process.on('exit', () => writeSync(2, `\nbench:max-rss-kib=${process.resourceUsage().maxRSS}\n`));
