// Search normalisation. Citizens type procedure names with or without Vietnamese diacritics, in any case; the
// catalogue stores one normalised copy of each name and normalises the query the same way, so both sides meet
// in plain lower-case ASCII words. Punctuation becomes a space ("thay đổi, cải chính" → "thay doi cai chinh"):
// trigram matching ignores it anyway, and substring matching should too. The SQL function catalogue_normalise
// (migration 0003) is the database twin of normaliseSearchText; the two are tested to agree on Vietnamese text.

// Letters that Unicode does not decompose into base + mark, but PostgreSQL's unaccent rules do flatten.
const UNDECOMPOSABLE: Record<string, string> = {
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
};
const UNDECOMPOSABLE_RE = new RegExp(`[${Object.keys(UNDECOMPOSABLE).join('')}]`, 'g');
const MARKS_RE = /\p{M}+/gu;
// ASCII letters and digits only, so the result does not depend on what a server locale calls a letter.
const NOT_WORD_RE = /[^a-z0-9]+/g;
const SPACE_RE = /[ \t\n\r\f\v]+/g;

/** Lower case, diacritics removed ('đ' → 'd'), anything but ASCII letters and digits turned into single spaces. */
export function normaliseSearchText(input: string): string {
  return input
    .normalize('NFD')
    .replace(MARKS_RE, '')
    .replace(UNDECOMPOSABLE_RE, (c) => UNDECOMPOSABLE[c]!)
    .toLowerCase()
    .replace(NOT_WORD_RE, ' ')
    .trim();
}

/** Trims and collapses inner white space; keeps case and diacritics. For names and other display text. */
export function tidyText(input: string): string {
  return input.replace(/\u00a0/g, ' ').replace(SPACE_RE, ' ').trim();
}
