// Public API of the working-calendar domain: calendars, lunar dates, deadlines and processing clocks.

export type {
  Announcement,
  AnnouncedDay,
  Calendar,
  CalendarEntry,
  DayInfo,
  DaySource,
  DayEnd,
  DeadlineExplanation,
  EntryKind,
  EntrySource,
  ExplainedDay,
  Limit,
  OfficeHours,
  OfficePeriod,
  TimeUnit,
} from './types.js';
export type { VnDate, Weekday } from './date.js';
export type { LunarDate } from './lunar.js';
export type { CalendarOverrides, EntryInput, NationalCalendarOptions } from './calendar.js';
export type { DeadlineOptions, WorkingDuration } from './deadline.js';
export type { ClockEvent, ClockInput, ClockState, ClockStatus, Outcome, PausePolicy, Score } from './clock.js';
export type { CalendarErrorCode, CalendarMessage, ClockErrorCode } from './errors.js';

export { CalendarError, ClockError } from './errors.js';
export {
  MAX_YEAR,
  MIN_YEAR,
  addDays,
  daysInMonth,
  formatVnInstant,
  isVnDate,
  parseTimeOfDay,
  parseVnDate,
  vnDateOf,
  vnInstant,
  weekdayOf,
} from './date.js';
export { leapMonthOf, lunarMonthLength, lunarToSolar, lunarYearName, solarToLunar, tetDate } from './lunar.js';
export { ANNOUNCEMENT_2025, ANNOUNCEMENT_2026, BUILT_IN_ANNOUNCEMENTS, parseAnnouncement } from './announcements.js';
export {
  DEFAULT_OFFICE_HOURS,
  DEFAULT_SAME_DAY_CUTOFF,
  DEFAULT_WEEKLY_REST_DAYS,
  dailyOfficeMinutes,
  dayInfo,
  days,
  deriveCalendar,
  entriesOfYear,
  isWorkingDay,
  nationalCalendar,
  nextWorkingDay,
  withAnnouncement,
  withEntries,
  withoutEntries,
} from './calendar.js';
export {
  DAY_ENDS,
  TIME_UNITS,
  addWorkingMinutes,
  addWorkingTime,
  explainDeadline,
  remainingWorkingTime,
  toWorkingDuration,
  workingTimeBetween,
} from './deadline.js';
export { deriveClock, outcomeOf, scoreOf } from './clock.js';
