// Calendar errors carry a stable code and a bilingual message so the HTTP layer can map them without parsing text;
// the module stays free of imports from outside its folder.

export interface CalendarMessage {
  vi: string;
  en: string;
}

export type CalendarErrorCode =
  | 'invalid_date'
  | 'invalid_time'
  | 'invalid_instant'
  | 'invalid_amount'
  | 'invalid_unit'
  | 'invalid_calendar'
  | 'invalid_entry'
  | 'invalid_announcement'
  | 'invalid_lunar_date'
  | 'out_of_range';

export class CalendarError extends Error {
  constructor(
    readonly code: CalendarErrorCode,
    readonly messages: CalendarMessage,
    readonly field?: string,
  ) {
    super(messages.en);
    this.name = 'CalendarError';
  }
}

export type ClockErrorCode =
  | 'invalid_instant'
  | 'first_event_not_start'
  | 'already_started'
  | 'out_of_order'
  | 'not_running'
  | 'not_paused'
  | 'not_started'
  | 'after_stop'
  | 'unknown_event'
  | 'now_before_last_event';

export class ClockError extends Error {
  constructor(
    readonly code: ClockErrorCode,
    readonly messages: CalendarMessage,
    /** Position of the offending event in the input list, when one is to blame. */
    readonly eventIndex?: number,
  ) {
    super(messages.en);
    this.name = 'ClockError';
  }
}
