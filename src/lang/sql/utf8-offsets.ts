/**
 * libpg-query reports token positions as byte offsets into the UTF-8 encoding of the query (it is C code);
 * everything else in renamer counts UTF-16 code units. Returns a converter for one text.
 */
export function utf8ToUtf16Offsets(text: string): (byteOffset: number) => number {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return (byteOffset) => byteOffset;
  const table = new Uint32Array(Buffer.byteLength(text, 'utf8') + 1);
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let width: number;
    if (code < 0x80) width = 1;
    else if (code < 0x800) width = 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair is one 4-byte code point; its second unit has no byte offset of its own.
        table.fill(i, byte, byte + 4);
        byte += 4;
        i++;
        continue;
      }
      width = 3;
    } else width = 3; // text decoded from UTF-8 holds no lone surrogate; count one as Buffer does (U+FFFD)
    table.fill(i, byte, byte + width);
    byte += width;
  }
  table[byte] = text.length;
  return (byteOffset) => table[Math.min(Math.max(byteOffset, 0), byte)];
}
