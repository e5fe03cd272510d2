#!/usr/bin/env node
// Writes the seed corpus of each fuzz target into fuzz/corpus/<target>/.
//
// Run by hand when the seeds should change (the output is kept in the repo):
//     node fuzz/make_corpus.mjs
// A handful of small valid and hostile inputs per target; the fuzzer derives
// the rest.
//
// Node 20, no packages. The archive entries carry a fixed timestamp, so the
// output does not depend on when the script runs.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
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

const deflateRaw = (data) => zlib.deflateRawSync(data, { level: 6 });

// ---- Zip archive (stored or deflated entries) ----

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
