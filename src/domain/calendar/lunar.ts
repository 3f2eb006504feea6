// Vietnamese lunisolar calendar (âm lịch), computed for UTC+7.
//
// The rules: a month starts on the local day of an astronomical new moon; month 11 is the month containing the
// winter solstice; when 13 new moons start between two consecutive month-11s, the first month after month 11 that
// contains no principal solar term (trung khí: the sun's longitude crossing a multiple of 30°) is a leap month and
// repeats the number of the month before it. Vietnam applies these rules at UTC+7 and China at UTC+8, which is why
// Chinese-calendar libraries give wrong Vietnamese dates in some years (e.g. Tết 1985 and 2030).
//
// The astronomy follows the low-precision series popularised for this purpose by Hồ Ngọc Đức: mean new moon with
// the main periodic corrections (Meeus, "Astronomical Formulae for Calculators"), and the sun's apparent longitude
// from its mean longitude and equation of centre. They are accurate to minutes, which is what the published
// Vietnamese calendars use, so we match them including at the edges.

import { CalendarError } from './errors.js';
import { dayNumberFromParts, formatDayNumber, dayNumberOf, partsFromDayNumber } from './date.js';

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  /** True for the intercalary month (tháng nhuận) that repeats `month`. */
  leap: boolean;
}

const TIME_ZONE_DAYS = 7 / 24;
const DEG = Math.PI / 180;
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the mean new moon of 1900-01-01 (lunation 0 of the series below). */
const LUNATION_EPOCH = 2415021.076998695;
/** Julian Day Number of 1970-01-01, to convert between JDN and our day numbers. */
const JDN_UNIX_EPOCH = 2440588;

/** Julian Ephemeris Day of new moon number k (k = 0 near 1900-01-01). */
function newMoonJulianDay(k: number): number {
  const t = k / 1236.85; // Julian centuries since 1900
  const t2 = t * t;
  const t3 = t2 * t;
  const mean =
    2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3 + 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG;
  const moonLatitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * moonLatitude) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * moonLatitude + sunAnomaly) -
    0.0004 * Math.sin(2 * moonLatitude - sunAnomaly) -
    0.0006 * Math.sin(2 * moonLatitude + moonAnomaly) +
    0.001 * Math.sin(2 * moonLatitude - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  // Dynamical time runs ahead of universal time (ΔT); this polynomial is the one the series was published with.
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return mean + correction - deltaT;
}

/** Day number (UTC+7 civil day) on which new moon k falls. */
function newMoonDay(k: number): number {
  return Math.floor(newMoonJulianDay(k) + 0.5 + TIME_ZONE_DAYS) - JDN_UNIX_EPOCH;
}

/**
 * Index (0–11) of the 30° sector the sun's apparent longitude is in at the start (local midnight) of a day;
 * 0 starts at the March equinox, 9 at the December solstice. A month whose first and next-month-first days share
 * an index contains no principal term.
 */
function solarTermIndex(dayNumber: number): number {
  const jd = dayNumber + JDN_UNIX_EPOCH - 0.5 - TIME_ZONE_DAYS;
  const t = (jd - 2451545.0) / 36525; // Julian centuries since J2000
  const t2 = t * t;
  const meanAnomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * DEG;
  const meanLongitude = (280.46645 + 36000.76983 * t + 0.0003032 * t2) * DEG;
  const equationOfCentre =
    ((1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(meanAnomaly) +
      (0.019993 - 0.000101 * t) * Math.sin(2 * meanAnomaly) +
      0.00029 * Math.sin(3 * meanAnomaly)) *
    DEG;
  let longitude = (meanLongitude + equationOfCentre) % (2 * Math.PI);
  if (longitude < 0) longitude += 2 * Math.PI;
  return Math.floor(longitude / (Math.PI / 6));
}

/** Lunation number of the month 11 (containing the winter solstice) that starts in Gregorian year `year`. */
function month11Lunation(year: number): number {
  const dec31 = dayNumberFromParts(year, 12, 31) + JDN_UNIX_EPOCH;
  let k = Math.floor((dec31 - LUNATION_EPOCH) / SYNODIC_MONTH);
  // New moon k is the last one before about 31 Dec; if the sun had already passed 270° when it began, the solstice
  // belongs to the month before.
  if (solarTermIndex(newMoonDay(k)) >= 9) k -= 1;
  return k;
}

/** The lunar months from month 11 of lunar year Y-1 up to (excluding) month 11 of lunar year Y. */
interface LunarYearTable {
  year: number;
  /** Day numbers of the month starts; one more than the number of months (the last is the next month 11). */
  starts: number[];
  numbers: number[];
  leaps: boolean[];
  /** Index of lunar month 1 of year Y; months before it belong to year Y-1. */
  firstMonthIndex: number;
}

const tables = new Map<number, LunarYearTable>();

function lunarYearTable(year: number): LunarYearTable {
  const cached = tables.get(year);
  if (cached) return cached;
  const kStart = month11Lunation(year - 1);
  const kEnd = month11Lunation(year);
  const count = kEnd - kStart;
  const starts: number[] = [];
  for (let i = 0; i <= count; i++) starts.push(newMoonDay(kStart + i));
  let leapIndex = -1;
  if (count === 13) {
    for (let i = 1; i < count; i++) {
      if (solarTermIndex(starts[i]!) === solarTermIndex(starts[i + 1]!)) {
        leapIndex = i;
        break;
      }
    }
    if (leapIndex < 0) throw new Error(`lunar year ${year}: 13 months but no month without a principal term`);
  }
  const numbers: number[] = [];
  const leaps: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const ordinal = leapIndex >= 0 && i >= leapIndex ? i - 1 : i;
    numbers.push(((10 + ordinal) % 12) + 1);
    leaps.push(i === leapIndex);
  }
  const firstMonthIndex = numbers.findIndex((n, i) => n === 1 && !leaps[i]);
  const table: LunarYearTable = { year, starts, numbers, leaps, firstMonthIndex };
  if (tables.size > 512) tables.clear();
  tables.set(year, table);
  return table;
}

function solarToLunarDayNumber(dayNumber: number): LunarDate {
  const { year } = partsFromDayNumber(dayNumber);
  let table = lunarYearTable(year);
  if (dayNumber >= table.starts[table.starts.length - 1]!) table = lunarYearTable(year + 1);
  let i = table.starts.length - 2;
  while (i > 0 && table.starts[i]! > dayNumber) i--;
  return {
    day: dayNumber - table.starts[i]! + 1,
    month: table.numbers[i]!,
    year: i < table.firstMonthIndex ? table.year - 1 : table.year,
    leap: table.leaps[i]!,
  };
}

/** Converts a solar date 'YYYY-MM-DD' to the Vietnamese lunar date. */
export function solarToLunar(date: string): LunarDate {
  return solarToLunarDayNumber(dayNumberOf(date));
}

function invalidLunar(lunar: LunarDate, why: string): CalendarError {
  const text = `${lunar.day}/${lunar.month}${lunar.leap ? ' (nhuận)' : ''}/${lunar.year}`;
  return new CalendarError('invalid_lunar_date', {
    vi: `Ngày âm lịch không tồn tại: ${text}`,
    en: `No such lunar date: ${text} (${why})`,
  });
}

function lunarMonthBounds(lunar: LunarDate): { start: number; length: number } {
  const { month, year } = lunar;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year)) throw invalidLunar(lunar, 'bad month or year');
  // Months 11 and 12 of lunar year Y sit at the head of the table that ends with month 11 of Y+1.
  const table = lunarYearTable(month >= 11 ? year + 1 : year);
  for (let i = 0; i < table.numbers.length; i++) {
    const inYear = i < table.firstMonthIndex ? table.year - 1 : table.year;
    if (table.numbers[i] === month && table.leaps[i] === lunar.leap && inYear === year) {
      return { start: table.starts[i]!, length: table.starts[i + 1]! - table.starts[i]! };
    }
  }
  throw invalidLunar(lunar, lunar.leap ? 'that month is not a leap month in this year' : 'month not found');
}

/** Converts a Vietnamese lunar date to the solar date 'YYYY-MM-DD'. */
export function lunarToSolar(lunar: LunarDate): string {
  const { start, length } = lunarMonthBounds(lunar);
  if (!Number.isInteger(lunar.day) || lunar.day < 1 || lunar.day > length) throw invalidLunar(lunar, `the month has ${length} days`);
  return formatDayNumber(start + lunar.day - 1);
}

/** Number of days (29 or 30) of a lunar month. */
export function lunarMonthLength(year: number, month: number, leap = false): number {
  return lunarMonthBounds({ day: 1, month, year, leap }).length;
}

/** The leap month of a lunar year (1–12), or null when the year has twelve months. */
export function leapMonthOf(year: number): number | null {
  // The leap month of lunar year Y lies in the table ending at month 11 of Y, or (as leap 11/12) in the next one.
  for (const [tableYear, mustBeInYear] of [
    [year, year],
    [year + 1, year],
  ] as const) {
    const table = lunarYearTable(tableYear);
    for (let i = 0; i < table.numbers.length; i++) {
      const inYear = i < table.firstMonthIndex ? table.year - 1 : table.year;
      if (table.leaps[i] && inYear === mustBeInYear) return table.numbers[i]!;
    }
  }
  return null;
}

/** Solar date of Tết Nguyên đán (1st day of the 1st lunar month) of a year. */
export function tetDate(year: number): string {
  return lunarToSolar({ day: 1, month: 1, year, leap: false });
}

const CAN = ['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý'] as const;
const CHI = ['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi'] as const;

/** Sexagenary name of a lunar year, e.g. 2026 → 'Bính Ngọ'. */
export function lunarYearName(year: number): string {
  return `${CAN[(((year + 6) % 10) + 10) % 10]} ${CHI[(((year + 8) % 12) + 12) % 12]}`;
}
