/** A config that cannot be used; `problems` lists every one found, each as `path: what is wrong`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    const n = problems.length;
    super(`${source}: ${n} problem${n === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
