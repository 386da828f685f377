/*
 * pdfkit's built-in Helvetica writes text in the WinAnsi encoding (Windows-1252): a character
 * outside it comes out as garbage. Text for the PDF is made to fit first: accents that WinAnsi
 * lacks are taken off the letter (Ł -> L, ę -> e), anything else becomes "?", and invisible
 * control characters are dropped. Everything WinAnsi holds (é, ö, curly quotes, dashes, €) stays.
 */

/** The Windows-1252 characters beyond Latin-1's printable range. */
const CP1252_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

function inWinAnsi(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRAS.includes(char);
}

/** Letters whose accent is not a separate combining mark in Unicode. */
const BASE_LETTERS: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ŀ: 'L',
  ŀ: 'l',
  Ŧ: 'T',
  ŧ: 't',
  ĸ: 'k',
  Ŋ: 'N',
  ŋ: 'n',
  ſ: 's',
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
};

function fitCharacter(char: string): string {
  if (char === '\n') {
    return '\n';
  }
  if (char === '\t') {
    return ' ';
  }
  if (inWinAnsi(char)) {
    return char;
  }
  const code = char.codePointAt(0) ?? 0;
  // Control characters, bidi controls, zero-width characters and the byte-order mark: nothing to print.
  if (code < 0x20 || (code >= 0x7f && code < 0xa0) || /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u.test(char)) {
    return '';
  }
  if (BASE_LETTERS[char]) {
    return BASE_LETTERS[char];
  }
  const stripped = char.normalize('NFKD').replace(/\p{M}/gu, '');
  if (stripped.length > 0 && [...stripped].every(inWinAnsi)) {
    return stripped;
  }
  return '?';
}

/** Text as the PDF's standard font can print it. */
export function pdfText(text: string): string {
  return [...text.replace(/\r\n?/g, '\n').normalize('NFC')].map(fitCharacter).join('');
}
