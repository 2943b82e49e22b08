import { SosError } from '../../platform/errors.js';

/** Longest message printed for an error that is not ours: a dependency may put a whole file in one. */
const MAX_MESSAGE = 300;

/**
 * The one or two lines a failed command prints: `error CODE: message` for a SosError (a refused
 * option is CLI_USAGE), else `error INTERNAL:` with the error's first line. Never a stack trace
 * unless asked (`debug`, from SOS_DEBUG=1): Node prints the source line of an uncaught throw, which
 * for a bundled dependency is a minified file the size of a screen.
 */
export function describeFailure(error: unknown, debug = false): string {
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  if (error instanceof SosError) return `error ${error.code}: ${error.message}${stack}`;
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    return `error CLI_USAGE: ${error.message}${stack}`;
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const first = (text.split('\n')[0] ?? '').trim();
  const short = first.length > MAX_MESSAGE ? `${first.slice(0, MAX_MESSAGE)}…` : first;
  return `error INTERNAL: ${short}${stack || '\n(SOS_DEBUG=1 prints the stack trace)'}`;
}
