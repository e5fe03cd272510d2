#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target into fuzz/corpus/<target>/.

Run by hand when the seeds should change (the output is kept in the repo):
    python3 fuzz/make_corpus.py
A handful of small valid and hostile inputs per target; the fuzzer derives
the rest.
"""
import io
import os
import shutil
import zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def write(target, name, data):
    os.makedirs(os.path.join(ROOT, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(ROOT, target, name), "wb") as f:
        f.write(data)


def sheet(rows):
    return f'<?xml version="1.0"?><worksheet {MAIN}><sheetData>{rows}</sheetData></worksheet>'


PARTS = {
    "sheet": sheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>手机</t></is></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>13800000000</v></c>'
        '<c r="C2" s="1"><v>45292.5</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="str"><v>a_x000D_b</v></c></row>'),
    "strings": f'<sst {MAIN}><si><t>姓名</t></si><si><r><t>张</t></r><r><t xml:space="preserve"> 三 &amp;&#20013;</t></r>'
               '<rPh><t>x</t></rPh></si><si/></sst>',
    "styles": '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>'
              '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="22"/></cellXfs></styleSheet>',
    "workbook": f'<workbook {MAIN} xmlns:r="{REL}"><workbookPr date1904="0"/><sheets>'
                '<sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "workbook_rels": f'<Relationships><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                     f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="/xl/sharedStrings.xml"/>'
                     f'<Relationship Id="rId3" Type="{REL}/styles" Target="../xl/styles.xml"/></Relationships>',
    "rels": f'<Relationships><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
}
PART_NAMES = [
    ("xl/worksheets/sheet1.xml", "sheet"), ("xl/sharedStrings.xml", "strings"),
    ("xl/styles.xml", "styles"), ("xl/workbook.xml", "workbook"),
    ("xl/_rels/workbook.xml.rels", "workbook_rels"), ("_rels/.rels", "rels"),
]


def xlsx(parts, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, key in PART_NAMES:
            if key in parts:
                z.writestr(name, parts[key])
    return buf.getvalue()


def split_parts(parts):
    """The xlsx target's other input form: the parts' XML joined by a separator."""
    return "\n====\n".join(parts.get(key, "") for _, key in PART_NAMES)


def main():
    shutil.rmtree(ROOT, ignore_errors=True)

    write("json_body", "person", '{"name":"张三","version":3,"note":null,"org_id":7,"active":true}')
    write("json_body", "items", '{"name":"a","items":[{"a":1},[2,3]],"kind":"member"}')
    write("json_body", "nul_escape", '{"name":"a\\u0000b","version":-1}')
    write("json_body", "surrogates", '{"name":"\\ud83d\\ude00\\ud800","version":1e3}')
    write("json_body", "bad_utf8", b'{"name":"\xff\xfe","version":18446744073709551615}')
    write("json_body", "deep", "[" * 40 + "]" * 40)
    write("json_body", "unknown_field", '{"version":1,"extra":{"x":[]}}')

    write("csv_reader", "plain", "姓名,手机\n张三,13800000000\n李四,13900000000\n")
    write("csv_reader", "quoted", '"a,b","c""d"\r\n"line\r\nbreak", "x"y\r\n,,,\n')
    write("csv_reader", "gb18030", "姓名,部门\n张三,研发部\n".encode("gb18030"))
    write("csv_reader", "bom_blank", "\ufeff\n\na\tb, c \n\n")
    write("csv_reader", "control", "a,b\x01\nc\x1b[31m,d\x7f\n")
    write("csv_reader", "unterminated", 'a,"b\nc,d\n')
    write("csv_reader", "commas", "," * 200 + "\n" + "\n" * 50 + "x")

    write("xml_scanner", "sheet", PARTS["sheet"])
    write("xml_scanner", "strings", PARTS["strings"])
    write("xml_scanner", "doctype_cdata",
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><!-- c --><x:a xmlns:x="u" r:id=\'r&amp;1\'>'
          '<![CDATA[<raw&>]]>&e;&#0;&#xD800;&#x110000;&#00000000065;</x:a >')
    write("xml_scanner", "ampersands", "<t>" + "&" * 300 + ";&amp" * 20 + "</t>")
    write("xml_scanner", "deep", "<a>" * 300)
    write("xml_scanner", "attributes", "<a " + " ".join(f'x{i}=""' for i in range(300)) + "/>")
    write("xml_scanner", "unterminated", "<a b='1'><!-- <![CDATA[ x")

    write("xlsx_reader", "workbook.xlsx", xlsx(PARTS))
    write("xlsx_reader", "stored.xlsx", xlsx(PARTS, zipfile.ZIP_STORED))
    write("xlsx_reader", "parts", split_parts(PARTS))
    write("xlsx_reader", "sheet_only", sheet('<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1E-05</v></c></row>'))
    amplify = dict(PARTS)
    amplify["strings"] = f'<sst {MAIN}><si><t>{"x" * 200}</t></si></sst>'
    amplify["sheet"] = sheet("".join(f'<row><c t="s"><v>0</v></c><c t="s"><v>0</v></c></row>' for _ in range(50)))
    write("xlsx_reader", "amplify", split_parts(amplify))
    bad = dict(PARTS)
    bad["strings"] = f'<sst {MAIN}><si><t>\x80\x80</t></si><si/><si/><si><t>a_x0001_</t></si></sst>'
    # Raw 0x80 bytes: not UTF-8.
    write("xlsx_reader", "bad_text", split_parts(bad).encode().replace(b"\xc2\x80", b"\x80"))


if __name__ == "__main__":
    main()
