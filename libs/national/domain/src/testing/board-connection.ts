import { workerDatabase } from '@rep-hub/platform/testing';

/**
 * The board role's URL on this Jest worker's database (the app role's, as rephub_board), for a
 * test app's BOARD_DATABASE_URL: `testConfig` sets none, so a world that serves the board's routes
 * passes it in.
 */
export async function boardDatabaseUrl(): Promise<string> {
  const board = new URL((await workerDatabase()).appUrl);
  board.username = 'rephub_board';
  board.password = '';
  return board.toString();
}
