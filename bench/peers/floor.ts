/**
 * The floor: a bare node:http handler running the least hand-written SQL for the same profile, one statement
 * per request, and answering the same JSON. `/profile` returns the stored facts; `/profile?credit` also judges
 * them with the hub's own credit engine, as the hub's `credit` field does.
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { CATALOGUE } from '../../src/catalogue';
import { DEPARTMENTS } from '../../src/catalogue/types';
import { assess, BUILT_IN_MEASURES, MARKET_RISK, RIZHAO, type FactEvent, type Objection } from '../../src/credit-engine';

const events = (d: string) =>
  `coalesce((select json_agg(json_build_object('id', e.id, 'code', e.code, 'occurredAt', e.occurred_at, 'endedAt', e.ended_at, 'status', e.status, 'summary', e.summary) order by e.occurred_at desc, e.id)
             from ${d}.credit_event e where e.uscc = m.uscc), '[]')`;
const PROFILE = `
  select json_build_object('uscc', m.uscc, 'name', m.name, 'kind', m.kind, 'trade', m.trade, 'district', m.district, 'street', m.street, 'address', m.address, 'registeredAt', m.registered_at,
    ${DEPARTMENTS.map((d) => `'${d}Events', ${events(d)}`).join(',\n    ')},
    'objections', coalesce((select json_agg(json_build_object('id', o.id, 'eventId', o.event_id, 'state', o.state)) from credit.objection o where o.uscc = m.uscc), '[]'),
    'repairs', coalesce((select json_agg(json_build_object('id', r.id, 'eventId', r.event_id, 'approvedAt', r.decided_at)) from credit.repair_application r where r.uscc = m.uscc and r.state = 'APPROVED'), '[]')
  ) as profile
  from credit.merchant m where m.uscc = $1`;

type Event = { id: string; code: string; occurredAt: string; endedAt: string | null; status: FactEvent['status'] };
type Profile = Record<`${(typeof DEPARTMENTS)[number]}Events`, Event[]> & {
  objections: Objection[];
  repairs: { id: string; eventId: string; approvedAt: string }[];
};

function credit(p: Profile) {
  const facts = DEPARTMENTS.flatMap((d) =>
    p[`${d}Events`].map((e) => ({
      id: e.id,
      code: e.code,
      department: d,
      occurredAt: new Date(e.occurredAt),
      endedAt: e.endedAt ? new Date(e.endedAt) : null,
      status: e.status,
    })),
  );
  const repairs = p.repairs.map((r) => ({ ...r, approvedAt: new Date(r.approvedAt) }));
  const a = assess({
    events: facts,
    objections: p.objections,
    repairs,
    scheme: RIZHAO,
    riskScheme: MARKET_RISK,
    measures: BUILT_IN_MEASURES,
    catalogue: CATALOGUE,
    at: new Date(),
  });
  return { score: a.score, grade: a.grade, approval: { mode: a.approval.mode }, loan: { eligible: a.loan.eligible } };
}

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
const server = createServer(async (req, res) => {
  try {
    let body = '';
    for await (const chunk of req) body += chunk;
    const { uscc } = JSON.parse(body) as { uscc: string };
    const { rows } = await pool.query<{ profile: Profile }>({ name: 'profile', text: PROFILE, values: [uscc] });
    const profile = rows[0]?.profile ?? null;
    const { objections, repairs, ...shown } = profile ?? ({} as Profile);
    const answer = profile && (req.url?.endsWith('?credit') ? { ...shown, credit: credit(profile) } : shown);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { merchant: answer } }));
  } catch (e) {
    res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(e) }] }));
  }
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${process.env.PORT}/profile` }));
process.once('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
