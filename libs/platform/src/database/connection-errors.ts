/**
 * Whether an error means the connection to PostgreSQL was lost or could not be made (the server
 * restarting, shutting down, or out of reach), as opposed to a statement that failed. Such an
 * error answers 503 with Retry-After, never 500.
 */
const SQLSTATES = new Set([
  '57P01', // admin_shutdown: terminating connection due to administrator command
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up / shutting down
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
]);
const NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const MESSAGES =
  /Connection terminated|connection ended|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * `anyNodeCode`: also a bare network error (ECONNREFUSED, ECONNRESET…) whatever threw it. Without
 * it, a network error counts only as the database driver's (inside a QueryFailedError): work in a
 * unit of work may call other services (GOV.UK Notify, Redis), whose network errors say nothing
 * about the database, and a reset there may mean the other side did act.
 */
export function isConnectionLost(error: unknown, anyNodeCode = true, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as { name?: unknown; code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (SQLSTATES.has(e.code) || (anyNodeCode && NODE_CODES.has(e.code)))) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  const driver = e.name === 'QueryFailedError' && isConnectionLost(e.driverError, true, depth + 1);
  return driver || isConnectionLost(e.cause, anyNodeCode, depth + 1);
}
