// Colour in the CLI's terminal output: on when stdout is a terminal, off when it is piped or redirected,
// when NO_COLOR is set (https://no-color.org) or TERM is dumb; `--color always|never` decides otherwise.

export type ColourChoice = 'auto' | 'always' | 'never';

export interface Painter {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
}

const sgr = (open: number, close: number) => (s: string): string => (s === '' ? s : `\u001b[${open}m${s}\u001b[${close}m`);

export const COLOURS: Painter = { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39) };
export const PLAIN: Painter = { bold: (s) => s, dim: (s) => s, red: (s) => s };

/** Whether output gets colour, by the choice, whether stdout is a terminal, and the environment. */
export function useColour(choice: ColourChoice, outIsTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (choice !== 'auto') return choice === 'always';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return outIsTTY;
}

export function painter(colour: boolean): Painter {
  return colour ? COLOURS : PLAIN;
}
