/* A TypeScript process that does nothing: the tsx loader's own memory, for the baseline. */
setInterval(() => {}, 1000);
process.stdout.write('ready\n');
