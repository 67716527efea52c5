import 'reflect-metadata';
import { resolve } from 'node:path';
import { ConfigError } from '../../config/config';
import { backup } from '../backup';

/**
 * `npm run backup -- <file>`: pg_dump (custom format) of DATABASE_URL's database, encrypted with
 * BACKUP_PASSPHRASE as it is written, and `<file>.json` naming what lives outside the database
 * (the roles, APP_SECRET, AUDIT_SIGNING_KEY). docs/operations.md "Backup and restore".
 */
async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new ConfigError('DATABASE_URL', 'is required to back up (a superuser or the owner role)');
  const file = process.argv[2];
  if (!file) throw new ConfigError('the backup file', 'is required: npm run backup -- <file>');
  const m = await backup(url, resolve(file));
  const unset = m.outside.filter((o) => !o.sha256).map((o) => o.name);
  process.stdout.write(
    `Backed up ${m.database} (${m.bytes} bytes, encrypted) to ${file}; manifest ${file}.json.\n` +
      `Keep with it, separately: ${m.outside.map((o) => o.name).join(' and ')}, and BACKUP_PASSPHRASE.\n` +
      (unset.length
        ? `Note: ${unset.join(' and ')} not set here, so the manifest cannot check them at restore.\n`
        : ''),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Backup failed: ${error.message}`}\n`);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
