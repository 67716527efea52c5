import { INestApplicationContext } from '@nestjs/common';
import { workerDatabase } from '@rep-hub/platform/testing';
import { TenancyService } from '@rep-hub/tenancy';
import { randomUUID } from 'node:crypto';

/** The test worlds' password (ApiWorld's and WebWorld's PASSWORD). */
const PASSWORD = 'kettle orbit saffron 42';

/**
 * The configuration a test app needs to work as the board role on this worker's database
 * (`UnitOfWork.forBoard`): `testConfig` sets only the app role's URL, so pass this as `env`.
 */
export async function boardDatabaseEnv(): Promise<Record<string, string>> {
  const board = new URL((await workerDatabase()).appUrl);
  board.username = 'rephub_board';
  board.password = '';
  return { BOARD_DATABASE_URL: board.toString() };
}

/**
 * A National Board member (platform role `national_board`, in no partnership), active, with the
 * test worlds' password; sign them in with the world's `signIn(email)`.
 */
export async function ensureBoardMember(
  app: INestApplicationContext,
  label = 'board',
): Promise<{ id: string; email: string }> {
  const tenancy = app.get(TenancyService);
  const email = `${label}.${randomUUID().slice(0, 8)}@board.example`;
  const user = await tenancy.createUser({
    email,
    password: PASSWORD,
    displayName: `${label} National Board member`,
    platformRole: 'national_board',
    status: 'active',
  });
  return { id: user.id, email };
}
