// Dossier use cases: the data and application layers of one-stop processing (see docs/dossier.md, "Storage and use
// cases"). The HTTP API and the pages call these; every one takes the AppContext and the acting Actor first.

export type * from './types.js';

// Reception at the desk (counter, post) and of existing dossiers
export { receiveAtDesk, requestSupplementBeforeReception, refuseReception, receiveSubmitted, setDossierCodeGenerator } from './reception.js';

// Online submission by citizen and business accounts
export { saveDraft, deleteDraft, listMyDrafts, listMyDossiers, submitOnline, answerSupplement } from './online.js';

// Processing
export { act } from './processing.js';
export { allowedActionsFor } from './append.js';

// Reading
export { getDossier, getDossierByCode, publicTracking, inbox, initialsOf } from './reads.js';

// Projection table
export { rebuildProjections, verifyProjections, type RebuildResult, type VerifyProjectionsResult } from './projections.js';

// Daily reminders
export { remindersDue } from './reminders.js';

// Files
export { saveFile, readFile, getFileInfo, sniffMediaType, downloadFileName, ALLOWED_MEDIA_TYPES, type StoredFileView, type SaveFileInput, type AllowedMediaType } from './files.js';

// Delegation of signature
export { createDelegation, revokeDelegation, listDelegations, type DelegationInput, type DelegationView } from './delegations.js';
export { listDelegationDetails, getDelegationDetail, delegationCandidates, delegatingUnits, type DelegationDetail, type DelegationState, type DelegationPerson, type DelegationCandidate, type DelegatingUnit } from './delegations.js';

// Pinning (for forms and tools that need the catalogue → dossier mapping)
export { DEFAULT_PAYMENT_POLICY, DEFAULT_SUPPLEMENT_POLICY, buildPinnedData, hydratePinned, isOptionalDocument, mayReceiveFor, procedureForChannel, withReceivingUnit } from './pinning.js';

// Demo data
export { DOSSIER_FORM_NUMBERS, DOSSIER_FORM_TITLES, availableForms, dossierForm, form01, form02, form03, form04, form05, form06, isDossierFormNo, trackingBook, trackingBookForm, trackingBookUnits, trackingUrlOf, vnDateTimeText, type DossierFormNo, type TrackingBookQuery, type TrackingBookRow } from './forms.js';
// Tests and benchmarks act as named users through the dossier use cases; the lookup itself is in users.ts.
export { userActor } from '../users.js';
