import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { NotifyClient } from 'notifications-node-client';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { UnitOfWork } from '../database/unit-of-work';
import {
  NotificationTemplateName,
  notificationTemplateNames,
  Personalisation,
  validateNotificationTemplates,
  validatePersonalisation,
} from './notification-templates';

/** The part of GOV.UK Notify's client REP Hub uses; tests pass a fake that records calls. */
export interface NotifyEmailClient {
  sendEmail(
    templateId: string,
    emailAddress: string,
    options: { personalisation: Personalisation; reference: string },
  ): Promise<{ data: { id: string } }>;
}

/** Injection token of the Notify client: null without NOTIFY_API_KEY (the development outbox). */
export const NOTIFY_CLIENT = Symbol('NOTIFY_CLIENT');

export const NOTIFY_TIMEOUT_MS = 15_000;

/** GOV.UK Notify's client with a request timeout (its default HTTP client has none). */
export function createNotifyClient(apiKey: string, timeoutMs = NOTIFY_TIMEOUT_MS): NotifyEmailClient {
  const client = new NotifyClient(apiKey);
  const rest = (client.apiClient as { restClient?: unknown } | undefined)?.restClient;
  if (typeof rest === 'function') {
    const call = rest as (options: object) => Promise<unknown>;
    client.setClient(((options: object) => call({ timeout: timeoutMs, ...options })) as unknown as Parameters<
      NotifyClient['setClient']
    >[0]);
  }
  return client as unknown as NotifyEmailClient;
}

export interface SendNotificationInput {
  template: NotificationTemplateName;
  to: { userId: string | null; email: string };
  personalisation: Personalisation;
  /** A business key: the same key twice is one notification (the second send returns the first). */
  idempotencyKey: string;
}

export interface NotificationRecord {
  id: string;
  idempotencyKey: string;
  template: string;
  recipientUserId: string | null;
  email: string;
  provider: 'notify' | 'outbox';
  /** Kept only for the development outbox; null for what went through Notify. */
  personalisation: Personalisation | null;
  status: 'sent' | 'failed';
  providerRef: string | null;
  createdAt: Date;
}

/** A `notifications` row as the database returns it. */
export interface NotificationRow {
  id: string;
  idempotency_key: string;
  template: string;
  recipient_user_id: string | null;
  email: string;
  provider: 'notify' | 'outbox';
  personalisation: Personalisation | null;
  status: 'sent' | 'failed';
  provider_ref: string | null;
  created_at: Date;
}

const COLUMNS =
  'id, idempotency_key, template, recipient_user_id, email, provider, personalisation, status, provider_ref, created_at';

const toRecord = (r: NotificationRow): NotificationRecord => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  template: r.template,
  recipientUserId: r.recipient_user_id,
  email: r.email,
  provider: r.provider,
  personalisation: r.provider === 'outbox' ? r.personalisation : null,
  status: r.status,
  providerRef: r.provider_ref,
  createdAt: r.created_at,
});

/**
 * A failed send. Safe to log and to keep with a failed job: it names the template and Notify's
 * status and error class, never the address or the personalisation (the client's own error
 * carries both in its request, so it is not kept as the cause).
 */
export class NotifyError extends Error {
  readonly code?: string;
  constructor(template: string, cause: unknown) {
    const e = cause as {
      response?: { status?: number; data?: { errors?: { error?: string }[] } };
      code?: string;
    } | null;
    const status = e?.response?.status;
    const kind = e?.response?.data?.errors?.[0]?.error;
    const code = status
      ? String(status)
      : typeof e?.code === 'string' && /^[A-Z_]{2,40}$/.test(e.code)
        ? e.code
        : undefined;
    const safeKind = typeof kind === 'string' && /^[A-Za-z]{1,60}$/.test(kind) ? ` ${kind}` : '';
    super(`GOV.UK Notify did not send the "${template}" email${code ? ` (${code}${safeKind})` : ''}`);
    this.name = 'NotifyError';
    this.code = code;
  }
}

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/**
 * Sends the emails of the core's and the modules' templates: through GOV.UK Notify when NOTIFY_API_KEY is set,
 * otherwise into the development outbox (the `notifications` table, with the personalisation so
 * an admin can see what would have been sent). Idempotent by a business key: the row is inserted
 * first, in the platform unit of work, so a second send with the key (even a concurrent one, which
 * waits on the key) finds it and sends nothing; a failed Notify call rolls the row back with the
 * rest of the unit of work, so a retry sends again.
 */
@Injectable()
export class NotificationService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(NOTIFY_CLIENT) private readonly client: NotifyEmailClient | null = null,
  ) {}

  /** Where emails go in this process. */
  get provider(): 'notify' | 'outbox' {
    return this.config.notifyApiKey ? 'notify' : 'outbox';
  }

  onApplicationBootstrap(): void {
    validateNotificationTemplates();
    if (this.provider !== 'notify') return;
    const missing = notificationTemplateNames().filter((t) => !this.config.notifyTemplateIds[t]);
    if (missing.length)
      this.logger.warn(
        { templates: missing },
        'NOTIFY_TEMPLATE_IDS has no id for these templates: sending them will fail',
      );
  }

  async send(input: SendNotificationInput): Promise<NotificationRecord> {
    const personalisation = validatePersonalisation(input.template, input.personalisation);
    const key = input.idempotencyKey;
    if (typeof key !== 'string' || key.length < 1 || key.length > 200)
      throw new TypeError('idempotencyKey must be 1 to 200 characters');
    const email = typeof input.to?.email === 'string' ? input.to.email.trim().toLowerCase() : '';
    if (!EMAIL.test(email) || email.length > 254)
      throw new TypeError(`The recipient of "${input.template}" is not an email address`);
    const provider = this.provider;
    let templateId: string | undefined;
    if (provider === 'notify') {
      templateId = this.config.notifyTemplateIds[input.template];
      if (!templateId) throw new Error(`NOTIFY_TEMPLATE_IDS has no GOV.UK Notify template id for "${input.template}"`);
      if (!this.client) throw new Error('NOTIFY_API_KEY is set but no GOV.UK Notify client is provided');
    }
    return this.uow.joinPlatform(null, async (m) => {
      const id = randomUUID();
      const inserted = (await m.query(
        `INSERT INTO notifications (id, idempotency_key, template, recipient_user_id, email, provider, personalisation)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${COLUMNS}`,
        [
          id,
          key,
          input.template,
          input.to.userId ?? null,
          email,
          provider,
          provider === 'outbox' ? JSON.stringify(personalisation) : null,
        ],
      )) as NotificationRow[];
      if (!inserted.length) return (await this.findIn(m, key))!; // sent before: send nothing
      const row = inserted[0];
      if (provider === 'notify') {
        let ref: string;
        try {
          const res = await this.client!.sendEmail(templateId!, email, { personalisation, reference: key });
          ref = String(res?.data?.id ?? '');
        } catch (error) {
          throw new NotifyError(input.template, error);
        }
        await m.query(`UPDATE notifications SET provider_ref = $2 WHERE id = $1`, [id, ref || null]);
        row.provider_ref = ref || null;
      }
      this.logger.log({ notificationId: id, template: input.template, provider }, 'Notification sent');
      return toRecord(row);
    });
  }

  /** The notification sent with this key, if any (in the open unit of work, or a platform one). */
  find(idempotencyKey: string): Promise<NotificationRecord | null> {
    return this.uow.joinPlatform(null, (m) => this.findIn(m, idempotencyKey));
  }

  /** Newest first, keyset paginated by (createdAt, id) after the notification `before`; for the platform admin's outbox view. */
  list(options: { limit: number; before?: string }): Promise<NotificationRecord[]> {
    const limit = Math.max(1, Math.min(1000, Math.floor(options.limit)));
    return this.uow.joinPlatform(null, async (m) => {
      const rows = (await m.query(
        `SELECT ${COLUMNS} FROM notifications
          WHERE ($1::uuid IS NULL OR (created_at, id) < (SELECT c.created_at, c.id FROM notifications c WHERE c.id = $1::uuid))
          ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
        [options.before ?? null],
      )) as NotificationRow[];
      return rows.map(toRecord);
    });
  }

  private async findIn(m: EntityManager, idempotencyKey: string): Promise<NotificationRecord | null> {
    const [row] = (await m.query(`SELECT ${COLUMNS} FROM notifications WHERE idempotency_key = $1`, [
      idempotencyKey,
    ])) as NotificationRow[];
    return row ? toRecord(row) : null;
  }
}
