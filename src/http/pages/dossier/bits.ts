import type { DossierView } from '../../../app/dossiers/index.js';
import type { Lang } from '../../i18n.js';

/** What every section of the dossier page reads: the dossier, the language, and how to name its units, people and files. */
export interface DossierBits {
  lang: Lang;
  view: DossierView;
  unit: (id: number | null | undefined) => string;
  person: (id: number | null | undefined) => string;
  file: (id: string) => string;
}

export function dossierBits(lang: Lang, view: DossierView): DossierBits {
  return {
    lang,
    view,
    unit: (id) => (id == null ? '—' : (view.units[id]?.name ?? `#${id}`)),
    person: (id) => (id == null ? '—' : (view.people[id]?.fullName ?? `#${id}`)),
    file: (id) => `/dossiers/${view.id}/files/${encodeURIComponent(id)}`,
  };
}
