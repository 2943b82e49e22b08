import { SosError } from '../../platform/errors.js';

/** One `sos` command: what it does, its usage (printed by --help and after a usage error), and its run. */
export interface CliCommand {
  /** The usage lines, each starting with `sos <command>`; the README's Command line section names the same flags. */
  usage: string;
  run(args: string[]): Promise<number>;
}

/** Exit codes: 0 done, 1 refused or failed (a SosError with its code), 2 the command line is wrong. */
export const EXIT_FAILED = 1;
/** The command line itself is wrong (unknown option, missing argument): see CLI_USAGE. */
export const EXIT_USAGE = 2;

/** A command line that cannot be run as given; the CLI prints the command's usage after the message. */
export function usageError(message: string): SosError {
  return new SosError('CLI_USAGE', message);
}

/** Whether the arguments ask for help (`--help` or `-h` anywhere, as every command answers it). */
export function asksForHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/** Throws CLI_USAGE naming the flag when a required option is missing. */
export function required(value: string | undefined, flag: string): string {
  if (!value) throw usageError(`--${flag} is required`);
  return value;
}
