/**
 * Runs clean-ups when the bench is interrupted (Ctrl-C, kill), so that a stopped run does not leave a
 * PostgreSQL server or scratch folders behind: the throwaway cluster runs in its own process group and
 * would outlive this process.
 */

const cleanups: (() => Promise<void>)[] = [];
let installed = false;

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  console.error(`${signal}: cleaning up`);
  // Newest first: a load generator stops before the server it talks to, the server before its database.
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch((error: unknown) => console.error(error));
  }
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

/** Registers `cleanup` for SIGINT and SIGTERM; call the returned function once the work is done. */
export function cleanupOnSignal(cleanup: () => Promise<void>): () => void {
  if (!installed) {
    installed = true;
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  cleanups.push(cleanup);
  return () => {
    const at = cleanups.indexOf(cleanup);
    if (at >= 0) cleanups.splice(at, 1);
  };
}
