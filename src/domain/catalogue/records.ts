// One record of an import file, whatever its format, before it is read and planned.
import type { Bilingual, FieldError } from '../errors.js';
import type { ProcedureStatus } from './model.js';

/**
 * `unmapped`: the source holds the information but the model could not take it as it is (a time without a unit, a
 * fee in dollars); `missing`: the source does not have it and the province must add it (unit codes, steps).
 */
export type NoteKind = 'unmapped' | 'missing';

export interface MappingNote {
  code: string;
  kind: NoteKind;
  path: string;
  message: Bilingual;
}

export type RecordOrigin = 'motcua-json' | 'motcua-csv' | 'tthc-catalog';

export interface ImportRecord {
  /** 1-based position in the file (CSV: the data row number, header excluded). */
  index: number;
  /** The code as given, for the report even when the body cannot be read. */
  code: string;
  origin: RecordOrigin;
  /** Procedure body, not yet read (see readProcedure). */
  body: unknown;
  /** The status the record asserts; undefined when the format does not carry one (the national catalogue). */
  status?: ProcedureStatus;
  /** Decision of the replacement or abolition, not yet read. */
  statusDecision?: unknown;
  replacedBy?: string | null;
  /** Internal process, not yet read; undefined or null = the record says nothing about it. */
  process?: unknown;
  notes: MappingNote[];
  /** Problems found while decoding the record itself (a bad JSON cell, an unknown status). */
  problems: FieldError[];
}
