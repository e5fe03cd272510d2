#!/usr/bin/env node
// Writes the seed corpus of each fuzz target into fuzz/corpus/<target>/.
//
// Run by hand when the seeds should change (the output is kept in the repo):
//     node fuzz/make_corpus.mjs
// A handful of small valid and hostile inputs per target; the fuzzer derives
// the rest.
//
// Node 20, no packages. The .xlsx seeds are zip archives written here byte for
// byte as zlib 1.2.x (level 6) and a plain zip writer lay them out: Node's own
// zlib is a Chromium fork whose deflate output differs, so deflate is done by
// the small port of zlib's deflate_slow/trees below. The archive entries carry
// a fixed timestamp, so the output does not depend on when the script runs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');
const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
// DOS date/time of every zip entry: 2026-11-29 11:23:32.
const ZIP_DATE_TIME = [2026, 11, 29, 11, 23, 32];

function write(target, name, data) {
  fs.mkdirSync(path.join(ROOT, target), { recursive: true });
  fs.writeFileSync(path.join(ROOT, target, name), typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
}

// GB18030 (two-byte GBK range and ASCII only), built from the decoder: Node has
// no GB18030 encoder.
function gb18030(text) {
  const decoder = new TextDecoder('gb18030', { fatal: true });
  const table = new Map();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      let ch;
      try { ch = decoder.decode(Uint8Array.of(lead, trail)); } catch { continue; }
      if (!table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const out = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp < 0x80) out.push(cp);
    else if (table.has(ch)) out.push(...table.get(ch));
    else throw new Error(`gb18030: no two-byte code for U+${cp.toString(16)}`);
  }
  return Buffer.from(out);
}

// ---- Raw deflate, as zlib 1.2.13 deflate(level 6, windowBits -15, memLevel 8) ----

const L_CODES = 286, D_CODES = 30, BL_CODES = 19, HEAP_SIZE = 2 * L_CODES + 1;
const LITERALS = 256, END_BLOCK = 256, MAX_BITS = 15, MAX_BL_BITS = 7;
const MIN_MATCH = 3, MAX_MATCH = 258, MIN_LOOKAHEAD = MAX_MATCH + MIN_MATCH + 1;
const WSIZE = 32768, WMASK = WSIZE - 1, MAX_DIST = WSIZE - MIN_LOOKAHEAD, TOO_FAR = 4096;
const HASH_BITS = 15, HASH_MASK = (1 << HASH_BITS) - 1, HASH_SHIFT = 5;
const GOOD_LENGTH = 8, MAX_LAZY = 16, NICE_LENGTH = 128, MAX_CHAIN = 128; // level 6
const SYM_END = ((1 << 14) - 1) * 3; // lit_bufsize 16384
const EXTRA_LBITS = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const EXTRA_DBITS = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const EXTRA_BLBITS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];
const BL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

const lengthCode = new Uint8Array(MAX_MATCH - MIN_MATCH + 1);
const distCode = new Uint8Array(512);
const baseLength = new Int32Array(29);
const baseDist = new Int32Array(D_CODES);
const staticL = { len: new Uint16Array(L_CODES + 2), code: new Uint16Array(L_CODES + 2) };
const staticD = { len: new Uint16Array(D_CODES), code: new Uint16Array(D_CODES) };

function biReverse(code, len) {
  let res = 0;
  do { res |= code & 1; code >>>= 1; res <<= 1; } while (--len > 0);
  return res >>> 1;
}

function genCodes(tree, maxCode, blCount) {
  const next = new Uint16Array(MAX_BITS + 1);
  let code = 0;
  for (let bits = 1; bits <= MAX_BITS; bits++) { code = (code + blCount[bits - 1]) << 1; next[bits] = code; }
  for (let n = 0; n <= maxCode; n++) {
    const len = tree.len[n];
    if (len !== 0) tree.code[n] = biReverse(next[len]++, len);
  }
}

(function staticInit() {
  let length = 0, code;
  for (code = 0; code < 28; code++) {
    baseLength[code] = length;
    for (let n = 0; n < (1 << EXTRA_LBITS[code]); n++) lengthCode[length++] = code;
  }
  lengthCode[length - 1] = code;
  let dist = 0;
  for (code = 0; code < 16; code++) {
    baseDist[code] = dist;
    for (let n = 0; n < (1 << EXTRA_DBITS[code]); n++) distCode[dist++] = code;
  }
  dist >>= 7;
  for (; code < D_CODES; code++) {
    baseDist[code] = dist << 7;
    for (let n = 0; n < (1 << (EXTRA_DBITS[code] - 7)); n++) distCode[256 + dist++] = code;
  }
  const blCount = new Uint16Array(MAX_BITS + 1);
  let n = 0;
  while (n <= 143) { staticL.len[n++] = 8; blCount[8]++; }
  while (n <= 255) { staticL.len[n++] = 9; blCount[9]++; }
  while (n <= 279) { staticL.len[n++] = 7; blCount[7]++; }
  while (n <= 287) { staticL.len[n++] = 8; blCount[8]++; }
  genCodes(staticL, L_CODES + 1, blCount);
  for (n = 0; n < D_CODES; n++) { staticD.len[n] = 5; staticD.code[n] = biReverse(n, 5); }
})();

const dCode = (dist) => (dist < 256 ? distCode[dist] : distCode[256 + (dist >> 7)]);

function newTree(size) {
  return { freq: new Uint32Array(size), code: new Uint16Array(size), dad: new Uint16Array(size), len: new Uint16Array(size) };
}

export function deflateRaw(input) {
  const data = Buffer.from(input);
  // Whole input in the window at once: no window sliding to reproduce.
  if (data.length > 2 * WSIZE - MIN_LOOKAHEAD - MAX_MATCH) throw new Error('deflateRaw: input too large');
  const window = new Uint8Array(data.length + 2 * MAX_MATCH);
  window.set(data);
  const head = new Uint16Array(1 << HASH_BITS);
  const prev = new Uint16Array(WSIZE);

  // Bit writer (LSB first, as zlib's send_bits/bi_windup).
  const out = [];
  let biBuf = 0, biValid = 0;
  const sendBits = (value, length) => {
    biBuf |= value << biValid;
    biValid += length;
    while (biValid >= 8) { out.push(biBuf & 0xff); biBuf >>>= 8; biValid -= 8; }
  };
  const biWindup = () => { if (biValid > 0) out.push(biBuf & 0xff); biBuf = 0; biValid = 0; };
  const sendCode = (c, tree) => sendBits(tree.code[c], tree.len[c]);

  const dynL = newTree(HEAP_SIZE), dynD = newTree(2 * D_CODES + 1), blTree = newTree(2 * BL_CODES + 1);
  const lDesc = { tree: dynL, stree: staticL, extra: EXTRA_LBITS, base: LITERALS + 1, elems: L_CODES, maxLength: MAX_BITS, maxCode: 0 };
  const dDesc = { tree: dynD, stree: staticD, extra: EXTRA_DBITS, base: 0, elems: D_CODES, maxLength: MAX_BITS, maxCode: 0 };
  const blDesc = { tree: blTree, stree: null, extra: EXTRA_BLBITS, base: 0, elems: BL_CODES, maxLength: MAX_BL_BITS, maxCode: 0 };
  const heap = new Int32Array(HEAP_SIZE);
  const depth = new Uint8Array(HEAP_SIZE);
  const blCount = new Uint16Array(MAX_BITS + 1);
  let heapLen = 0, heapMax = 0, optLen = 0, staticLen = 0;
  const syms = []; // [dist, lc] pairs, as zlib's sym_buf

  const initBlock = () => {
    dynL.freq.fill(0, 0, L_CODES); dynD.freq.fill(0, 0, D_CODES); blTree.freq.fill(0, 0, BL_CODES);
    dynL.freq[END_BLOCK] = 1;
    optLen = staticLen = 0;
    syms.length = 0;
  };

  const smaller = (tree, n, m) => tree.freq[n] < tree.freq[m] || (tree.freq[n] === tree.freq[m] && depth[n] <= depth[m]);
  const pqdownheap = (tree, k) => {
    const v = heap[k];
    let j = k << 1;
    while (j <= heapLen) {
      if (j < heapLen && smaller(tree, heap[j + 1], heap[j])) j++;
      if (smaller(tree, v, heap[j])) break;
      heap[k] = heap[j]; k = j; j <<= 1;
    }
    heap[k] = v;
  };

  const genBitlen = (desc) => {
    const { tree, stree, extra, base, maxLength } = desc, maxCode = desc.maxCode;
    let overflow = 0, h;
    blCount.fill(0);
    tree.len[heap[heapMax]] = 0;
    for (h = heapMax + 1; h < HEAP_SIZE; h++) {
      const n = heap[h];
      let bits = tree.len[tree.dad[n]] + 1;
      if (bits > maxLength) { bits = maxLength; overflow++; }
      tree.len[n] = bits;
      if (n > maxCode) continue;
      blCount[bits]++;
      const xbits = n >= base ? extra[n - base] : 0;
      const f = tree.freq[n];
      optLen += f * (bits + xbits);
      if (stree) staticLen += f * (stree.len[n] + xbits);
    }
    if (overflow === 0) return;
    do {
      let bits = maxLength - 1;
      while (blCount[bits] === 0) bits--;
      blCount[bits]--; blCount[bits + 1] += 2; blCount[maxLength]--;
      overflow -= 2;
    } while (overflow > 0);
    for (let bits = maxLength; bits !== 0; bits--) {
      let n = blCount[bits];
      while (n !== 0) {
        const m = heap[--h];
        if (m > maxCode) continue;
        if (tree.len[m] !== bits) { optLen += (bits - tree.len[m]) * tree.freq[m]; tree.len[m] = bits; }
        n--;
      }
    }
  };

  const buildTree = (desc) => {
    const { tree, stree, elems } = desc;
    let maxCode = -1, n, m, node;
    heapLen = 0; heapMax = HEAP_SIZE;
    for (n = 0; n < elems; n++) {
      if (tree.freq[n] !== 0) { heap[++heapLen] = maxCode = n; depth[n] = 0; } else tree.len[n] = 0;
    }
    while (heapLen < 2) {
      node = heap[++heapLen] = maxCode < 2 ? ++maxCode : 0;
      tree.freq[node] = 1; depth[node] = 0; optLen--;
      if (stree) staticLen -= stree.len[node];
    }
    desc.maxCode = maxCode;
    for (n = heapLen >> 1; n >= 1; n--) pqdownheap(tree, n);
    node = elems;
    do {
      n = heap[1]; heap[1] = heap[heapLen--]; pqdownheap(tree, 1);
      m = heap[1];
      heap[--heapMax] = n; heap[--heapMax] = m;
      tree.freq[node] = tree.freq[n] + tree.freq[m];
      depth[node] = (depth[n] >= depth[m] ? depth[n] : depth[m]) + 1;
      tree.dad[n] = tree.dad[m] = node;
      heap[1] = node++;
      pqdownheap(tree, 1);
    } while (heapLen >= 2);
    heap[--heapMax] = heap[1];
    genBitlen(desc);
    genCodes(tree, maxCode, blCount);
  };

  // scan_tree and send_tree, written out as in zlib (min_count tracked inline).
  const scanTree = (tree, maxCode) => {
    let prevlen = -1, nextlen = tree.len[0], count = 0, maxCount = 7, minCount = 4;
    if (nextlen === 0) { maxCount = 138; minCount = 3; }
    tree.len[maxCode + 1] = 0xffff;
    for (let n = 0; n <= maxCode; n++) {
      const curlen = nextlen;
      nextlen = tree.len[n + 1];
      if (++count < maxCount && curlen === nextlen) continue;
      else if (count < minCount) blTree.freq[curlen] += count;
      else if (curlen !== 0) { if (curlen !== prevlen) blTree.freq[curlen]++; blTree.freq[16]++; }
      else if (count <= 10) blTree.freq[17]++;
      else blTree.freq[18]++;
      count = 0; prevlen = curlen;
      if (nextlen === 0) { maxCount = 138; minCount = 3; }
      else if (curlen === nextlen) { maxCount = 6; minCount = 3; }
      else { maxCount = 7; minCount = 4; }
    }
  };
  const sendTree = (tree, maxCode) => {
    let prevlen = -1, nextlen = tree.len[0], count = 0, maxCount = 7, minCount = 4;
    if (nextlen === 0) { maxCount = 138; minCount = 3; }
    for (let n = 0; n <= maxCode; n++) {
      const curlen = nextlen;
      nextlen = tree.len[n + 1];
      if (++count < maxCount && curlen === nextlen) continue;
      else if (count < minCount) { do sendCode(curlen, blTree); while (--count !== 0); }
      else if (curlen !== 0) {
        if (curlen !== prevlen) { sendCode(curlen, blTree); count--; }
        sendCode(16, blTree); sendBits(count - 3, 2);
      } else if (count <= 10) { sendCode(17, blTree); sendBits(count - 3, 3); }
      else { sendCode(18, blTree); sendBits(count - 11, 7); }
      count = 0; prevlen = curlen;
      if (nextlen === 0) { maxCount = 138; minCount = 3; }
      else if (curlen === nextlen) { maxCount = 6; minCount = 3; }
      else { maxCount = 7; minCount = 4; }
    }
  };

  const buildBlTree = () => {
    scanTree(dynL, lDesc.maxCode);
    scanTree(dynD, dDesc.maxCode);
    buildTree(blDesc);
    let maxBlindex;
    for (maxBlindex = BL_CODES - 1; maxBlindex >= 3; maxBlindex--) if (blTree.len[BL_ORDER[maxBlindex]] !== 0) break;
    optLen += 3 * (maxBlindex + 1) + 5 + 5 + 4;
    return maxBlindex;
  };

  const compressBlock = (ltree, dtree) => {
    for (const [distance, lc] of syms) {
      if (distance === 0) { sendCode(lc, ltree); continue; }
      let code = lengthCode[lc];
      sendCode(code + LITERALS + 1, ltree);
      if (EXTRA_LBITS[code] !== 0) sendBits(lc - baseLength[code], EXTRA_LBITS[code]);
      const dist = distance - 1;
      code = dCode(dist);
      sendCode(code, dtree);
      if (EXTRA_DBITS[code] !== 0) sendBits(dist - baseDist[code], EXTRA_DBITS[code]);
    }
    sendCode(END_BLOCK, ltree);
  };

  const flushBlock = (blockStart, storedLen, last) => {
    buildTree(lDesc);
    buildTree(dDesc);
    const maxBlindex = buildBlTree();
    let optLenb = (optLen + 3 + 7) >>> 3;
    const staticLenb = (staticLen + 3 + 7) >>> 3;
    if (staticLenb <= optLenb) optLenb = staticLenb;
    if (storedLen + 4 <= optLenb) {
      sendBits(last, 3);
      biWindup();
      out.push(storedLen & 0xff, storedLen >>> 8, ~storedLen & 0xff, (~storedLen >>> 8) & 0xff);
      for (let i = 0; i < storedLen; i++) out.push(window[blockStart + i]);
    } else if (staticLenb === optLenb) {
      sendBits((1 << 1) + last, 3);
      compressBlock(staticL, staticD);
    } else {
      sendBits((2 << 1) + last, 3);
      const lcodes = lDesc.maxCode + 1, dcodes = dDesc.maxCode + 1, blcodes = maxBlindex + 1;
      sendBits(lcodes - 257, 5); sendBits(dcodes - 1, 5); sendBits(blcodes - 4, 4);
      for (let rank = 0; rank < blcodes; rank++) sendBits(blTree.len[BL_ORDER[rank]], 3);
      sendTree(dynL, lcodes - 1);
      sendTree(dynD, dcodes - 1);
      compressBlock(dynL, dynD);
    }
    initBlock();
    if (last) biWindup();
  };

  const tally = (distance, lc) => {
    syms.push([distance, lc]);
    if (distance === 0) dynL.freq[lc]++;
    else {
      dynL.freq[lengthCode[lc] + LITERALS + 1]++;
      dynD.freq[dCode(distance - 1)]++;
    }
    return syms.length * 3 === SYM_END;
  };

  // deflate_slow
  let strstart = 0, blockStart = 0, lookahead = data.length, insH = 0;
  let matchLength = MIN_MATCH - 1, prevLength = MIN_MATCH - 1, matchStart = 0, prevMatch = 0, matchAvailable = false;
  if (lookahead >= MIN_MATCH) insH = ((window[0] << HASH_SHIFT) ^ window[1]) & HASH_MASK;
  const insertString = (str) => {
    insH = ((insH << HASH_SHIFT) ^ window[str + MIN_MATCH - 1]) & HASH_MASK;
    const matchHead = (prev[str & WMASK] = head[insH]);
    head[insH] = str;
    return matchHead;
  };
  const longestMatch = (curMatch) => {
    let chainLength = MAX_CHAIN, bestLen = prevLength, niceMatch = NICE_LENGTH;
    const scan = strstart;
    const limit = strstart > MAX_DIST ? strstart - MAX_DIST : 0;
    let scanEnd1 = window[scan + bestLen - 1], scanEnd = window[scan + bestLen];
    if (prevLength >= GOOD_LENGTH) chainLength >>= 2;
    if (niceMatch > lookahead) niceMatch = lookahead;
    do {
      const match = curMatch;
      if (window[match + bestLen] !== scanEnd || window[match + bestLen - 1] !== scanEnd1 ||
          window[match] !== window[scan] || window[match + 1] !== window[scan + 1]) continue;
      let len = 2;
      while (len < MAX_MATCH && window[scan + len] === window[match + len]) len++;
      if (len > bestLen) {
        matchStart = curMatch;
        bestLen = len;
        if (len >= niceMatch) break;
        scanEnd1 = window[scan + bestLen - 1];
        scanEnd = window[scan + bestLen];
      }
    } while ((curMatch = prev[curMatch & WMASK]) > limit && --chainLength !== 0);
    return bestLen <= lookahead ? bestLen : lookahead;
  };

  initBlock();
  while (lookahead > 0) {
    let hashHead = 0;
    if (lookahead >= MIN_MATCH) hashHead = insertString(strstart);
    prevLength = matchLength; prevMatch = matchStart;
    matchLength = MIN_MATCH - 1;
    if (hashHead !== 0 && prevLength < MAX_LAZY && strstart - hashHead <= MAX_DIST) {
      matchLength = longestMatch(hashHead);
      if (matchLength <= 5 && matchLength === MIN_MATCH && strstart - matchStart > TOO_FAR) matchLength = MIN_MATCH - 1;
    }
    if (prevLength >= MIN_MATCH && matchLength <= prevLength) {
      const maxInsert = strstart + lookahead - MIN_MATCH;
      const bflush = tally(strstart - 1 - prevMatch, prevLength - MIN_MATCH);
      lookahead -= prevLength - 1;
      prevLength -= 2;
      do { if (++strstart <= maxInsert) insertString(strstart); } while (--prevLength !== 0);
      matchAvailable = false; matchLength = MIN_MATCH - 1; strstart++;
      if (bflush) { flushBlock(blockStart, strstart - blockStart, 0); blockStart = strstart; }
    } else if (matchAvailable) {
      if (tally(0, window[strstart - 1])) { flushBlock(blockStart, strstart - blockStart, 0); blockStart = strstart; }
      strstart++; lookahead--;
    } else {
      matchAvailable = true; strstart++; lookahead--;
    }
  }
  if (matchAvailable) tally(0, window[strstart - 1]);
  flushBlock(blockStart, strstart - blockStart, 1);
  return Buffer.from(out);
}

// ---- Zip archive, laid out as Python's zipfile.ZipFile.writestr does ----

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const STORED = 0, DEFLATED = 8;

function zip(entries, method) {
  const [y, mo, d, h, mi, s] = ZIP_DATE_TIME;
  const dosDate = ((y - 1980) << 9) | (mo << 5) | d;
  const dosTime = (h << 11) | (mi << 5) | (s >> 1);
  const chunks = [], central = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text, 'utf8');
    const body = method === DEFLATED ? deflateRaw(data) : data;
    const fname = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt8(20, 4);              // extract version
    local.writeUInt8(0, 5);               // reserved
    local.writeUInt16LE(0, 6);            // flags
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fname.length, 26);
    local.writeUInt16LE(0, 28);           // extra length
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt8(20, 4);                 // create version
    cd.writeUInt8(3, 5);                  // create system: Unix
    cd.writeUInt8(20, 6);                 // extract version
    cd.writeUInt8(0, 7);                  // reserved
    cd.writeUInt16LE(0, 8);               // flags
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(dosTime, 12);
    cd.writeUInt16LE(dosDate, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(fname.length, 28);
    // extra, comment, disk number, internal attributes: 0
    cd.writeUInt32LE((0o600 << 16) >>> 0, 38); // external attributes: -rw-------
    cd.writeUInt32LE(offset, 42);
    chunks.push(local, fname, body);
    central.push(cd, fname);
    offset += local.length + fname.length + body.length;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

// ---- Seeds ----

const sheet = (rows) => `<?xml version="1.0"?><worksheet ${MAIN}><sheetData>${rows}</sheetData></worksheet>`;

const PARTS = {
  sheet: sheet(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>手机</t></is></c></row>' +
    '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>13800000000</v></c>' +
    '<c r="C2" s="1"><v>45292.5</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="str"><v>a_x000D_b</v></c></row>'),
  strings: `<sst ${MAIN}><si><t>姓名</t></si><si><r><t>张</t></r><r><t xml:space="preserve"> 三 &amp;&#20013;</t></r>` +
           '<rPh><t>x</t></rPh></si><si/></sst>',
  styles: '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>' +
          '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="22"/></cellXfs></styleSheet>',
  workbook: `<workbook ${MAIN} xmlns:r="${REL}"><workbookPr date1904="0"/><sheets>` +
            '<sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>',
  workbook_rels: `<Relationships><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
                 `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="/xl/sharedStrings.xml"/>` +
                 `<Relationship Id="rId3" Type="${REL}/styles" Target="../xl/styles.xml"/></Relationships>`,
  rels: `<Relationships><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
};
const PART_NAMES = [
  ['xl/worksheets/sheet1.xml', 'sheet'], ['xl/sharedStrings.xml', 'strings'],
  ['xl/styles.xml', 'styles'], ['xl/workbook.xml', 'workbook'],
  ['xl/_rels/workbook.xml.rels', 'workbook_rels'], ['_rels/.rels', 'rels'],
];

const xlsx = (parts, method = DEFLATED) =>
  zip(PART_NAMES.filter(([, key]) => key in parts).map(([name, key]) => [name, parts[key]]), method);

// The xlsx target's other input form: the parts' XML joined by a separator.
const splitParts = (parts) => PART_NAMES.map(([, key]) => parts[key] ?? '').join('\n====\n');

function main() {
  fs.rmSync(ROOT, { recursive: true, force: true });

  write('json_body', 'person', '{"name":"张三","version":3,"note":null,"org_id":7,"active":true}');
  write('json_body', 'items', '{"name":"a","items":[{"a":1},[2,3]],"kind":"member"}');
  write('json_body', 'nul_escape', '{"name":"a\\u0000b","version":-1}');
  write('json_body', 'surrogates', '{"name":"\\ud83d\\ude00\\ud800","version":1e3}');
  write('json_body', 'bad_utf8', Buffer.concat([Buffer.from('{"name":"'), Buffer.of(0xff, 0xfe),
                                                Buffer.from('","version":18446744073709551615}')]));
  write('json_body', 'deep', '['.repeat(40) + ']'.repeat(40));
  write('json_body', 'unknown_field', '{"version":1,"extra":{"x":[]}}');

  write('csv_reader', 'plain', '姓名,手机\n张三,13800000000\n李四,13900000000\n');
  write('csv_reader', 'quoted', '"a,b","c""d"\r\n"line\r\nbreak", "x"y\r\n,,,\n');
  write('csv_reader', 'gb18030', gb18030('姓名,部门\n张三,研发部\n'));
  write('csv_reader', 'bom_blank', '\ufeff\n\na\tb, c \n\n');
  write('csv_reader', 'control', 'a,b\x01\nc\x1b[31m,d\x7f\n');
  write('csv_reader', 'unterminated', 'a,"b\nc,d\n');
  write('csv_reader', 'commas', ','.repeat(200) + '\n' + '\n'.repeat(50) + 'x');

  write('xml_scanner', 'sheet', PARTS.sheet);
  write('xml_scanner', 'strings', PARTS.strings);
  write('xml_scanner', 'doctype_cdata',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><!-- c --><x:a xmlns:x="u" r:id=\'r&amp;1\'>' +
        '<![CDATA[<raw&>]]>&e;&#0;&#xD800;&#x110000;&#00000000065;</x:a >');
  write('xml_scanner', 'ampersands', '<t>' + '&'.repeat(300) + ';&amp'.repeat(20) + '</t>');
  write('xml_scanner', 'deep', '<a>'.repeat(300));
  write('xml_scanner', 'attributes', '<a ' + Array.from({ length: 300 }, (_, i) => `x${i}=""`).join(' ') + '/>');
  write('xml_scanner', 'unterminated', "<a b='1'><!-- <![CDATA[ x");

  write('xlsx_reader', 'workbook.xlsx', xlsx(PARTS));
  write('xlsx_reader', 'stored.xlsx', xlsx(PARTS, STORED));
  write('xlsx_reader', 'parts', splitParts(PARTS));
  write('xlsx_reader', 'sheet_only', sheet('<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1E-05</v></c></row>'));
  const amplify = { ...PARTS };
  amplify.strings = `<sst ${MAIN}><si><t>${'x'.repeat(200)}</t></si></sst>`;
  amplify.sheet = sheet('<row><c t="s"><v>0</v></c><c t="s"><v>0</v></c></row>'.repeat(50));
  write('xlsx_reader', 'amplify', splitParts(amplify));
  const bad = { ...PARTS };
  bad.strings = `<sst ${MAIN}><si><t>\x80\x80</t></si><si/><si/><si><t>a_x0001_</t></si></sst>`;
  // Raw 0x80 bytes: not UTF-8 (U+0080 is C2 80 in UTF-8; keep only the 80).
  const utf8 = Buffer.from(splitParts(bad), 'utf8');
  const raw = [];
  for (let i = 0; i < utf8.length; i++) {
    if (utf8[i] === 0xc2 && utf8[i + 1] === 0x80) { raw.push(0x80); i++; } else raw.push(utf8[i]);
  }
  write('xlsx_reader', 'bad_text', Buffer.from(raw));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
