import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { PUBLIC, type Principal } from '../../auth/principal';
import { catalogueEntry } from '../../catalogue';
import { requestContext, type HubContext } from '../../context';
import { badInput, CodedError, conflict, notFound } from '../../errors';
import { logInserted } from '../../events/fact-change';
import type { GraphClient } from '../../graph-client';
import { ConsumerReport, ConsumerReportStatus } from './entities';
import { isUuid } from '../../uuid';
import { limitKey } from '../../http/client';

const SHOP = 'query ShopOfQrCode($t: String!) { publicProfile(qrToken: $t) { uscc } }';
/** reports a client may submit: enough for a person, too few to flood the officers */
const REPORTS_PER_HOUR = 10;

/** Consumers' photo reports: submitted by anyone through a shop's QR code, checked by an officer. */
export class ConsumerReports {
  private readonly limiter = new RateLimiterMemory({ points: REPORTS_PER_HOUR, duration: 3600 });

  constructor(
    private readonly orm: MikroORM,
    private readonly graph: GraphClient,
  ) {}

  async submit(qrToken: string, textInput: string, photoUrlInput: string | null, ctx: HubContext): Promise<ConsumerReport> {
    try {
      await this.limiter.consume(limitKey(ctx.client));
    } catch {
      throw new CodedError('RATE_LIMITED', `at most ${REPORTS_PER_HOUR} reports an hour from one client; try again later`, { http: { status: 429 } });
    }
    const text = textInput.trim();
    if (!text || text.length > 2000) throw badInput('text must be 1–2000 characters', { field: 'text' });
    const photoUrl = photoUrlInput?.trim() || null;
    if (photoUrl && (photoUrl.length > 2000 || !/^https?:$/.test(URL.parse(photoUrl)?.protocol ?? ''))) {
      throw badInput('photoUrl must be an http(s) URL', { field: 'photoUrl' });
    }
    // the shop, found as the public finds it: the reporter never needs to know more than its QR code
    const asPublic = requestContext(PUBLIC, ctx.requestId, ctx.log, ctx.consents);
    const { publicProfile } = await this.graph.request<{ publicProfile: { uscc: string } | null }>(SHOP, { t: qrToken.trim() }, asPublic);
    if (!publicProfile) throw notFound('no shop has this QR code');
    const em = this.orm.em.fork();
    const [row] = await em
      .getConnection()
      .execute(`insert into "urban"."consumer_report" (uscc, submitted_at, text, photo_url, status) values (?, now(), ?, ?, 'SUBMITTED') returning *`, [
        publicProfile.uscc,
        text,
        photoUrl,
      ]);
    return em.map(ConsumerReport, row);
  }

  /** Hands a report to an officer to check on site. */
  dispatch(id: string, officer: string | null, p: Principal): Promise<ConsumerReport> {
    const to = officer?.trim() || p.subject;
    if (to && to.length > 200) throw badInput('officer must be at most 200 characters', { field: 'officer' });
    return this.move(id, ['SUBMITTED'], `status = 'DISPATCHED', dispatched_to = ?`, [to], 'dispatched');
  }

  reject(id: string, finding: string, p: Principal): Promise<ConsumerReport> {
    const text = finding.trim();
    if (!text) throw badInput('say why the report is rejected', { field: 'finding' });
    return this.move(id, ['SUBMITTED', 'DISPATCHED'], `status = 'REJECTED', verified_at = now(), decided_by = ?, finding = ?`, [p.subject, text], 'decided');
  }

  /** Confirms the report: it becomes a conduct record and a credit event, with the report as evidence, in one statement. */
  async verify(id: string, code: string, finding: string | null, p: Principal): Promise<ConsumerReport> {
    const entry = catalogueEntry(code.trim().toUpperCase());
    if (!entry || entry.department !== 'urban' || entry.kind !== 'NEGATIVE') {
      throw badInput(`"${code}" is not a negative urban-management code of the catalogue`, { field: 'code' });
    }
    if (!isUuid(id)) throw notFound(`no consumer report ${id}`);
    const eventId = randomUUID();
    const em = this.orm.em.fork();
    const [row] = await em.getConnection().execute(
      `with verified as (
         update "urban"."consumer_report" set status = 'VERIFIED', verified_at = now(), decided_by = ?, finding = ?, code = ?, event_id = ?
         where id = ? and status in ('SUBMITTED', 'DISPATCHED') returning *
       ), inserted as (
         insert into "urban"."credit_event" (id, uscc, code, occurred_at, status, summary, evidence_url, source_record_id, recorded_by)
         select ?, uscc, ?, submitted_at, 'ACTIVE', ?, photo_url, 'consumer-report:' || id, ? from verified
         returning id, uscc, code
       ), logged as (${logInserted('urban')}), conduct as (
         insert into "urban"."conduct_record" (uscc, observed_at, code, behaviour, location, officer, photo_url, event_id)
         select uscc, submitted_at, ?, ?, '消费者举报，经现场核实', ?, photo_url, ? from verified
       )
       select * from verified`,
      [
        p.subject,
        finding?.trim() || null,
        entry.code,
        eventId,
        id,
        eventId,
        entry.code,
        `${entry.titleZh}（消费者举报，经现场核实）`,
        p.subject,
        entry.code,
        entry.titleZh,
        p.subject,
        eventId,
      ],
    );
    if (row) return em.map(ConsumerReport, row);
    throw await this.notMovable(id, 'decided');
  }

  private async move(id: string, from: string[], set: string, params: unknown[], what: string): Promise<ConsumerReport> {
    if (!isUuid(id)) throw notFound(`no consumer report ${id}`);
    const em = this.orm.em.fork();
    const [row] = await em
      .getConnection()
      .execute(`update "urban"."consumer_report" set ${set} where id = ? and status in (${from.map(() => '?').join(', ')}) returning *`, [
        ...params,
        id,
        ...from,
      ]);
    if (row) return em.map(ConsumerReport, row);
    throw await this.notMovable(id, what);
  }

  private async notMovable(id: string, what: string): Promise<Error> {
    const report = await this.orm.em.fork().findOne(ConsumerReport, { id }, { disableIdentityMap: true });
    if (!report) return notFound(`no consumer report ${id}`);
    return conflict(`consumer report ${id} is ${report.status.toLowerCase()}; it cannot be ${what} now`);
  }

  /** Reports not yet verified or rejected, about one merchant or every one, oldest (most urgent) first. */
  async open(uscc: string | null, page: { first: number; offset: number }): Promise<{ id: string; uscc: string; text: string; submittedAt: Date }[]> {
    const rows = await this.orm.em.fork().find(
      ConsumerReport,
      { status: { $in: [ConsumerReportStatus.SUBMITTED, ConsumerReportStatus.DISPATCHED] }, ...(uscc ? { uscc } : {}) },
      {
        orderBy: { submittedAt: 'asc', id: 'asc' },
        limit: page.first,
        offset: page.offset,
        disableIdentityMap: true,
        fields: ['id', 'uscc', 'text', 'submittedAt'],
      },
    );
    return rows;
  }
}
