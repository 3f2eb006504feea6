// The reception form's values: what the desk typed and ticked, read from the posted form, and turned into the
// use cases' inputs. Kept apart from the views so that the same values serve a first reception and a dossier that
// comes back after form 02.
import { randomUUID } from 'node:crypto';
import { isOptionalDocument, type CounterDossierInput, type DocumentInput, type DossierView } from '../../../app/dossiers/index.js';
import type { UnitView } from '../../../app/units.js';
import type { ProcedureBody } from '../../../domain/catalogue/index.js';
import { RETURN_METHODS, type ReturnMethod } from '../../../domain/dossier/index.js';
import { str, type FormBody } from '../forms.js';
import { linesOf } from './common.js';

export type Intent = 'preview' | 'receive' | 'supplement' | 'refuse';

export interface DocValues {
  checked: boolean;
  originals: string;
  copies: string;
  /** Scans already stored (uploaded with an earlier submission of this form). */
  fileIds: string[];
}

export interface ReceptionValues {
  key: string;
  channel: 'counter' | 'postal';
  /** How the applicant gets the result (form 01). */
  resultDelivery: ReturnMethod;
  receivingUnitId: string;
  competentUnitCode: string;
  kind: 'citizen' | 'organisation';
  fullName: string;
  idNumber: string;
  organisationName: string;
  taxCode: string;
  address: string;
  phone: string;
  email: string;
  docs: DocValues[];
  items: string;
  reason: string;
  reasons: string;
  comment: string;
}

export function blankValues(body: ProcedureBody, desks: UnitView[]): ReceptionValues {
  const own = desks.find((d) => body.competentUnits.includes(d.code));
  return {
    key: randomUUID(),
    channel: 'counter',
    resultDelivery: 'counter',
    receivingUnitId: desks.length === 1 ? String(desks[0]!.id) : '',
    competentUnitCode: body.competentUnits.length === 1 ? body.competentUnits[0]! : (own?.code ?? ''),
    kind: 'citizen',
    fullName: '',
    idNumber: '',
    organisationName: '',
    taxCode: '',
    address: '',
    phone: '',
    email: '',
    docs: body.documents.map((d) => ({ checked: false, originals: String(d.originals), copies: String(d.copies), fileIds: [] })),
    items: '',
    reason: '',
    reasons: '',
    comment: '',
  };
}

const FILE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The checklist as posted: one entry per document of the procedure, scans already stored kept by their ids. */
function docValuesFrom(fields: FormBody, body: ProcedureBody): DocValues[] {
  return body.documents.map((_, i) => ({
    checked: str(fields, `doc${i}`) !== '',
    originals: str(fields, `docOriginals${i}`),
    copies: str(fields, `docCopies${i}`),
    fileIds: [
      ...new Set(
        str(fields, `docFileIds${i}`)
          .split(',')
          .map((x) => x.trim())
          .filter((x) => FILE_ID.test(x)),
      ),
    ],
  }));
}

export function valuesFrom(fields: FormBody, body: ProcedureBody): ReceptionValues {
  const s = (name: string) => str(fields, name);
  return {
    key: s('idempotencyKey') || randomUUID(),
    channel: s('channel') === 'postal' ? 'postal' : 'counter',
    resultDelivery: (RETURN_METHODS as readonly string[]).includes(s('resultDelivery')) ? (s('resultDelivery') as ReturnMethod) : 'counter',
    receivingUnitId: s('receivingUnitId'),
    competentUnitCode: s('competentUnitCode'),
    kind: s('kind') === 'organisation' ? 'organisation' : 'citizen',
    fullName: s('fullName'),
    idNumber: s('idNumber'),
    organisationName: s('organisationName'),
    taxCode: s('taxCode'),
    address: s('address'),
    phone: s('phone'),
    email: s('email'),
    docs: docValuesFrom(fields, body),
    items: s('items'),
    reason: s('reason'),
    reasons: s('reasons'),
    comment: s('comment'),
  };
}

/** A count typed in the checklist: blank = what the procedure asks for; anything else goes to the use case to judge. */
const countOf = (v: string): number | undefined => (v === '' ? undefined : /^\d+$/.test(v) ? Number(v) : Number.NaN);

export function documentInputs(docs: DocValues[], body: ProcedureBody): DocumentInput[] {
  return body.documents.map((d, i) => {
    const x = docs[i]!;
    return { name: d.name, provided: x.checked, originals: countOf(x.originals), copies: countOf(x.copies), fileIds: x.fileIds };
  });
}

/** What form 02 asks for: the lines typed, or else the required documents the desk did not tick. */
export function supplementItems(v: ReceptionValues, body: ProcedureBody): string[] {
  const items = linesOf(v.items);
  return items.length > 0 ? items : body.documents.filter((d, i) => !v.docs[i]!.checked && !isOptionalDocument(d)).map((d) => d.name);
}

export function unitIdOrNull(raw: string): number | null {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export function counterInput(v: ReceptionValues, body: ProcedureBody, procedureCode: string): CounterDossierInput {
  const documents = documentInputs(v.docs, body);
  return {
    procedureCode,
    channel: v.channel,
    applicant: {
      kind: v.kind,
      fullName: v.fullName,
      idNumber: v.idNumber || null,
      organisationName: v.kind === 'organisation' ? v.organisationName || null : null,
      taxCode: v.kind === 'organisation' ? v.taxCode || null : null,
      address: v.address || null,
      phone: v.phone || null,
      email: v.email || null,
    },
    documents,
    competentUnitCode: v.competentUnitCode || null,
    receivingUnitId: unitIdOrNull(v.receivingUnitId),
    idempotencyKey: v.key,
    comment: v.comment || null,
  };
}

/**
 * The checklist as a dossier comes back after form 02: nothing ticked (the desk checks every paper again, the first
 * ones went home with form 02), the counts the procedure asks for, and the scans stored with it before kept.
 */
export function returningValues(d: DossierView, body: ProcedureBody, desks: UnitView[]): ReceptionValues {
  const v = blankValues(body, desks);
  const before = new Map(d.documents.map((e) => [e.name, e.fileIds]));
  v.docs = v.docs.map((x, i) => ({ ...x, fileIds: before.get(body.documents[i]!.name) ?? [] }));
  const taken = d.state.receivingUnitId ?? d.state.submittedToUnitId;
  if (desks.some((u) => u.id === taken)) v.receivingUnitId = String(taken);
  return v;
}
