// What the API shows an applicant of their own dossier: what their page (/my/dossiers/{id}) shows, and what they
// need to act on it (the version, open requests, payments asked of them). Never the unit's internal work: no
// timeline (comments, actors, corrections), no consultations or inter-agency parts, no assignee, no staff names or
// login names, no internal process (pinned steps and roles), no scores. The schema is the allow-list: zod drops
// every key it does not name, so a field added to DossierView later stays internal until it is added here.
import { z } from 'zod';
import type { DossierView } from '../../app/dossiers/index.js';
import { CHANNELS, DOSSIER_STATUSES } from '../../domain/dossier/index.js';

const date = z.date();
// Instants inside the state are nullable here, so that a record gaining an unknown instant never fails the view.
const maybeDate = z.date().nullable();
const unitRef = z.object({ id: z.number(), code: z.string(), name: z.string(), shortName: z.string().nullable() });

export const applicantDossierView = z
  .object({
    id: z.number(),
    code: z.string().nullable(),
    version: z.number().describe('Gửi lại làm expectedVersion / Pass it back as expectedVersion'),
    channel: z.enum(CHANNELS),
    procedure: z.object({ code: z.string(), name: z.string() }),
    applicant: z.object({
      kind: z.string(),
      fullName: z.string(),
      idNumber: z.string().nullable().optional(),
      organisationName: z.string().nullable().optional(),
      taxCode: z.string().nullable().optional(),
      address: z.string().nullable().optional(),
      phone: z.string().nullable().optional(),
      email: z.string().nullable().optional(),
    }),
    documents: z.array(
      z.object({
        name: z.string(),
        optional: z.boolean().optional(),
        extra: z.boolean().optional(),
        provided: z.boolean().optional(),
        originals: z.number().optional(),
        copies: z.number().optional(),
        fileIds: z.array(z.string()).optional(),
      }),
    ),
    trackingToken: z.string(),
    access: z.literal('applicant'),
    createdAt: date,
    updatedAt: date,
    units: z.record(z.string(), unitRef).describe('Các đơn vị được nêu trong hồ sơ / Units named in this view, by id'),
    state: z.object({
      version: z.number(),
      status: z.enum(DOSSIER_STATUSES),
      nationalStatus: z.number().nullable(),
      phase: z.string(),
      dossierCode: z.string().nullable(),
      channel: z.enum(CHANNELS).nullable(),
      submittedAt: maybeDate,
      submittedToUnitId: z.number().nullable(),
      receivedAt: maybeDate,
      receivingUnitId: z.number().nullable(),
      competentUnitId: z.number().nullable(),
      currentUnitId: z.number().nullable(),
      waitingFor: z.enum(['supplement', 'payment']).nullable(),
      clock: z.object({ status: z.string(), originalDueAt: maybeDate, currentDueAt: maybeDate }).nullable(),
      finishedAt: maybeDate,
      returnedAt: maybeDate,
      returnMethod: z.string().nullable(),
      stoppedAt: maybeDate,
      refusedAt: maybeDate,
      result: z.enum(['granted', 'refused']).nullable(),
      apology: z.object({ at: maybeDate, reason: z.string().nullable(), previousDueAt: maybeDate, newDueAt: maybeDate }).nullable(),
      supplementRequests: z.array(z.object({ at: maybeDate, items: z.array(z.string()), reason: z.string().nullable(), receivedAt: maybeDate })),
      preReceptionSupplements: z.array(z.object({ at: maybeDate, items: z.array(z.string()), reason: z.string().nullable(), resubmittedAt: maybeDate })),
      payments: z.array(
        z.object({ requestedAt: maybeDate, items: z.array(z.object({ name: z.string(), amountVnd: z.number() })), totalVnd: z.number(), paidAt: maybeDate, paidVnd: z.number().nullable() }),
      ),
      withdrawals: z.array(z.object({ at: maybeDate, reason: z.string().nullable(), decision: z.string().nullable(), decidedAt: maybeDate })),
      steps: z.array(z.object({ unitId: z.number(), name: z.string().nullable(), receivedAt: maybeDate, handedOverAt: maybeDate })),
      flags: z.object({ late: z.boolean() }),
    }),
  })
  .describe('Hồ sơ như người nộp thấy / The dossier as its applicant sees it');

export type ApplicantDossierView = z.output<typeof applicantDossierView>;

/** The applicant's view of a dossier: only the allow-listed fields, and only the units it names. */
export function toApplicantView(view: DossierView): ApplicantDossierView {
  const s = view.state;
  const named = new Set<number>();
  for (const id of [s.submittedToUnitId, s.receivingUnitId, s.competentUnitId, s.currentUnitId, view.competentUnitId, ...s.steps.map((r) => r.unitId)])
    if (typeof id === 'number') named.add(id);
  const units = Object.fromEntries(Object.entries(view.units).filter(([id]) => named.has(Number(id))));
  return applicantDossierView.parse({ ...view, units });
}
