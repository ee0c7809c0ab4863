import { catalogueEntry } from '../../catalogue';
import { check, must, recordWrite } from '../department-kit';
import { ConductRecord } from './entities';
import { ConductInput } from './types';

/** a reference in the department's photo store: no scheme, so it can never become a link of another kind */
const PHOTO_REFERENCE = /^[\p{L}\p{N}][\p{L}\p{N}._/-]{0,199}$/u;

export const conduct = recordWrite<ConductInput>({
  entity: ConductRecord,
  mutation: 'recordConduct',
  description: "records an officer's observation of a shop's conduct and its credit event (the behaviour's URB- code; none when rectified on the spot)",
  input: ConductInput,
  kind: 'conduct',
  columns: {
    uscc: 'text',
    sourceRecordId: 'text',
    code: 'text',
    observedAt: 'date',
    location: 'text',
    photoUrl: 'text?',
    officer: 'text?',
    rectifiedOnSpot: 'bool?',
  },
  sameFact: ['code', 'observed_at'],
  derive(i, now) {
    const code = check.code(i.code, 'urban', 'code');
    const entry = catalogueEntry(code)!;
    const observedAt = check.date(i.observedAt, 'observedAt', now);
    const location = check.text(i.location, 'location', 500);
    const photo = i.photoUrl?.trim() || null;
    const isUrl = Boolean(photo && /^https?:/i.test(photo));
    if (photo && !isUrl)
      must(PHOTO_REFERENCE.test(photo), 'photoUrl', 'photoUrl must be an http(s) URL or a reference of the photo store (letters, digits, . _ / -)');
    const photoUrl = isUrl ? check.url(photo, 'photoUrl') : photo;
    const rectified = i.rectifiedOnSpot === true;
    must(!rectified || entry.kind === 'NEGATIVE', 'rectifiedOnSpot', 'only a negative behaviour is rectified on the spot');
    return {
      uscc: check.uscc(i.uscc),
      sourceRecordId: check.recordId(i.sourceRecordId),
      columns: {
        observed_at: observedAt,
        code,
        behaviour: entry.titleZh,
        location,
        officer: check.optionalText(i.officer, 'officer', 100),
        photo_url: photoUrl,
      },
      event: rectified ? null : { code, occurredAt: observedAt, summary: `${entry.titleZh}（${location}）`, evidenceUrl: isUrl ? photoUrl : null },
    };
  },
});

export const urbanWrites = [conduct];
