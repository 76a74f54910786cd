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
  /** Its value when it is one of `choices`; else a usage error (`--format must be table or json`). */
  choice<T extends string>(choices: readonly T[]): T;
  /** Its value as a whole number of at least `min`; else a usage error. */
  wholeNumber(min?: number): number;
}

/** A value an option does not take; walkArgs hands its message to `onUsage`. */
export class UsageError extends Error {}

/**
 * Walks `args`, handing each option to `onOption`. Returns the other words in order, or the exit code `onOption`
 * returned to stop early (`--help`, a usage error), or that of `onUsage` for a value an option does not take.
 */
export function walkArgs(args: readonly string[], onOption: (option: ArgOption) => number | undefined, onUsage?: (message: string) => number): string[] | number {
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
    const value = (): string | undefined => (eq >= 0 ? arg.slice(eq + 1) : args[++i]);
    let code: number | undefined;
    try {
      code = onOption({ name, text: arg, value, choice: (choices) => choiceOf(name, value(), choices), wholeNumber: (min = 0) => wholeNumberOf(name, value(), min) });
    } catch (e) {
      if (!(e instanceof UsageError) || !onUsage) throw e;
      code = onUsage(e.message);
    }
    if (code !== undefined) return code;
  }
  return words;
}


function choiceOf<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T {
  const found = choices.find((c) => c === value);
  if (found !== undefined) return found;
  const list = choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}` : choices[0];
  throw new UsageError(`${name} must be ${list}`);
}

function wholeNumberOf(name: string, value: string | undefined, min: number): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${name} needs a whole number${min > 0 ? ` of at least ${min}` : ''}`);
  return Number(value);
}
