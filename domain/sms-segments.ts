// How many SMS segments a text costs: GSM-7 fits 160 characters in one (153 per part when split);
// anything outside it (Cyrillic, emoji) forces UCS-2 at 70 (67 per part).

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// These count as two characters (an escape and the character).
const GSM7_EXTENDED = '^{}\\[~]|€\f';

export interface SegmentCount {
  encoding: 'GSM-7' | 'UCS-2';
  characters: number;
  segments: number;
}

export function countSegments(text: string): SegmentCount {
  let units = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM7_BASIC.includes(ch)) units += 1;
    else if (GSM7_EXTENDED.includes(ch)) units += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'GSM-7', characters: units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  // UCS-2 counts UTF-16 code units (an emoji is two).
  const codeUnits = text.length;
  return { encoding: 'UCS-2', characters: codeUnits, segments: codeUnits <= 70 ? 1 : Math.ceil(codeUnits / 67) };
}
