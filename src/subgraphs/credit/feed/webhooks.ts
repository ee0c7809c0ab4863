import { createHmac, randomBytes } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { hasRole, type Principal } from '../../../auth/principal';
import { badInput, notFound } from '../../../errors';
import type { Logger } from '../../../logger';
import { isUuid } from '../../../uuid';
import type { Department } from '../../../catalogue/types';
import { WorklistNoticeRecord } from '../worklists/entities';
import { CreditChangeRecord, WebhookRecord } from './entities';
import { reportWebhookDelivery } from '../../../telemetry/metrics';
import { DeliveryRefused, postTo, webhookUrlProblem } from './outbound';
import type { WebhookRegistration } from './types';

const LOCK = 7_260_402;
const PER_DELIVERY = 100;
const MAX_BACKOFF_S = 300;
export const SIGNATURE_HEADER = 'x-credit-hub-signature';

const ownerOf = (p: Principal) => (hasRole(p, 'admin') ? 'admin' : p.department!);

/**
 * Push of the credit change feed and the worklist notices: each webhook is sent the changes and its department's
 * notices after the last ones it acknowledged, in order, in batches; a failure is retried with growing pauses. At
 * least once: receivers deduplicate by `seq` (each list numbers its own).
 */
export class Webhooks {
  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
    /** where deliveries may go: https only in production; only these hosts when given (they may be private) */
    private readonly reach: { production: boolean; allowedHosts: readonly string[] },
  ) {}

  async register(urlInput: string, p: Principal): Promise<WebhookRegistration> {
    const url = urlInput.trim();
    const problem = webhookUrlProblem(url, this.reach);
    if (problem) throw badInput(problem, { field: 'url' });
    const em = this.orm.em.fork();
    // a new webhook starts at the feed's present: it is told what changes from now on
    const [{ last, notice }] = await em.execute<{ last: string | null; notice: string | null }[]>(
      'select (select max(seq) from "credit"."credit_change") as last, (select max(seq) from "credit"."worklist_notice") as notice',
    );
    const secret = randomBytes(32).toString('hex');
    const webhook = em.create(WebhookRecord, {
      url,
      owner: ownerOf(p),
      secret,
      deliveredThrough: String(last ?? 0),
      noticesDeliveredThrough: String(notice ?? 0),
    } as WebhookRecord);
    await em.persistAndFlush(webhook);
    return { webhook, secret };
  }

  async remove(id: string, p: Principal): Promise<WebhookRecord> {
    const em = this.orm.em.fork();
    const webhook = isUuid(id) ? await em.findOne(WebhookRecord, { id, removedAt: null }) : null;
    if (!webhook || (webhook.owner !== ownerOf(p) && !hasRole(p, 'admin'))) throw notFound(`no webhook ${id}`);
    webhook.removedAt = new Date();
    await em.flush();
    return webhook;
  }

  list(p: Principal): Promise<WebhookRecord[]> {
    const where = hasRole(p, 'admin') ? { removedAt: null } : { owner: ownerOf(p), removedAt: null };
    return this.orm.em.fork().find(WebhookRecord, where, { orderBy: { createdAt: 'asc' }, disableIdentityMap: true });
  }

  /** One round over the webhooks that are due. */
  async deliver(): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      const [{ locked }] = await em.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?) as locked', [LOCK]);
      if (!locked) return;
      const due = await em.find(WebhookRecord, { removedAt: null, nextAttemptAt: { $lte: new Date() } });
      await Promise.all(due.map((w) => this.deliverTo(em, w)));
      await em.flush();
    });
  }

  private async deliverTo(em: EntityManager, w: WebhookRecord): Promise<void> {
    const changes = await em.find(CreditChangeRecord, { seq: { $gt: w.deliveredThrough } }, { orderBy: { seq: 'asc' }, limit: PER_DELIVERY });
    // a department is pushed the notices of its own worklist; an administrator's hook every department's
    const notices = await em.find(
      WorklistNoticeRecord,
      { seq: { $gt: w.noticesDeliveredThrough }, ...(w.owner === 'admin' ? {} : { department: w.owner as Department }) },
      { orderBy: { seq: 'asc' }, limit: PER_DELIVERY },
    );
    if (!changes.length && !notices.length) return;
    const body = JSON.stringify({ changes, notices: notices.map((n) => ({ ...n, department: n.department.toUpperCase() })) });
    try {
      // checked again at every delivery: a hook registered before WEBHOOK_HOSTS or production mode obeys them too
      const problem = webhookUrlProblem(w.url, this.reach);
      if (problem) throw new DeliveryRefused(problem);
      const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: `sha256=${createHmac('sha256', w.secret).update(body).digest('hex')}` };
      const status = await postTo(w.url, body, headers, { allowedHosts: this.reach.allowedHosts, timeoutMs: 10_000 });
      // a redirect is not followed: the receiver must answer itself
      if (status < 200 || status >= 300) throw new DeliveryRefused(`answered ${status}`);
      w.deliveredThrough = changes.at(-1)?.seq ?? w.deliveredThrough;
      w.noticesDeliveredThrough = notices.at(-1)?.seq ?? w.noticesDeliveredThrough;
      w.failedAttempts = 0;
      w.lastError = null;
      reportWebhookDelivery(w.owner, 'delivered');
    } catch (e) {
      w.failedAttempts += 1;
      w.lastError = e instanceof DeliveryRefused ? e.message : 'the delivery failed';
      w.nextAttemptAt = new Date(Date.now() + Math.min(2 ** w.failedAttempts, MAX_BACKOFF_S) * 1000);
      this.log.warn({ webhook: w.id, attempts: w.failedAttempts, error: w.lastError }, 'webhook delivery failed; will retry');
      reportWebhookDelivery(w.owner, 'failed');
    }
  }
}
