// The shape every subcommand's arguments share: `--name value` or `--name=value` options, `--` ends them, and the
// other words (a query, an ID, PATHs) in order. What each option means stays with its command.

/** One option as met on the command line. */
export interface ArgOption {
  /** `--format` of `--format=json` or `--format json`. */
  name: string;
  /** The word as written, for messages. */
  text: string;
  /** Its value: the text after `=`, else the next word (taken, so it is not read as a word). */
  value(): string | undefined;
}

/**
 * Walks `args`, handing each option to `onOption`. Returns the other words in order, or the exit code `onOption`
 * returned to stop early (`--help`, a usage error).
 */
export function walkArgs(args: readonly string[], onOption: (option: ArgOption) => number | undefined): string[] | number {
  const words: string[] = [];
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!options || !arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (name === '--') {
      options = false;
      continue;
    }
    const code = onOption({ name, text: arg, value: () => (eq >= 0 ? arg.slice(eq + 1) : args[++i]) });
    if (code !== undefined) return code;
  }
  return words;
}

/** `value` when it is one of `choices`; else the usage message (`--format must be table or json`). */
export function choiceOf<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T | { error: string } {
  const found = choices.find((c) => c === value);
  if (found !== undefined) return found;
  const list = choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}` : choices[0];
  return { error: `${name} must be ${list}` };
}

/** `value` as a whole number of at least `min`; else the usage message. */
export function wholeNumberOf(name: string, value: string | undefined, min = 0): number | { error: string } {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < min) return { error: `${name} needs a whole number${min > 0 ? ` of at least ${min}` : ''}` };
  return Number(value);
}
