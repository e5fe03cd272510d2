#include "tabular/xml_scanner.hpp"

#include <gtest/gtest.h>

#include <string>

namespace duxing::tabular {
namespace {

using Token = XmlScanner::Token;

TEST(XmlDecodeTest, DecodesEntitiesAndCharacterReferences) {
  EXPECT_EQ(XmlDecode("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;"),
            "a & b <c> \"d\" 'e'");
  EXPECT_EQ(XmlDecode("&#20013;&#x6587;&#X41;&#128512;"), "中文A😀");
}

TEST(XmlDecodeTest, KeepsWhatIsNotAReference) {
  EXPECT_EQ(XmlDecode("AT&T & co; &nbsp; &#0; &#xD800; &#x110000; &"),
            "AT&T & co; &nbsp; &#0; &#xD800; &#x110000; &");
}

TEST(XmlDecodeTest, DecodesLongRunsOfAmpersandsInOnePass) {
  // 1.6 million bare '&' (the shape) and near-references that end
  // just past the look-ahead: each '&' is copied as it is.
  std::string bare(1'600'000, '&');
  EXPECT_EQ(XmlDecode(bare), bare);
  std::string near, want;
  for (int i = 0; i < 100000; ++i) {
    near += "&#65;&amp;&#0000000000065;&";
    want += "A&&#0000000000065;&";
  }
  EXPECT_EQ(XmlDecode(near), want);
  EXPECT_EQ(XmlDecode(std::string(100000, '&') + ";"),
            std::string(100000, '&') + ";");
}

TEST(XmlScannerTest, ScansLongRunsOfMarkupInOnePass) {
  // Unterminated constructs fail; long runs of openers do not rescan.
  for (std::string opener : {"<!--", "<![CDATA[", "<?", "<!", "</", "<a b='"}) {
    std::string xml;
    for (int i = 0; i < 100000; ++i) xml += opener;
    XmlScanner s(xml);
    Token t = Token::kStartElement;
    for (int i = 0; i < 1000000 && t != Token::kEnd; ++i) t = s.Next();
    EXPECT_EQ(t, Token::kEnd) << opener;
    EXPECT_FALSE(s.ok()) << opener;
  }
}

TEST(XmlScannerTest, TokenizesElementsAttributesAndText) {
  XmlScanner s(
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]>"
      "<x:a xmlns:x=\"u\" r:id='r&amp;1' v = \"2\"><!-- c -->t&lt;1"
      "<b/><![CDATA[<raw&>]]></x:a >");
  ASSERT_EQ(s.Next(), Token::kStartElement);
  EXPECT_EQ(s.name(), "a");
  EXPECT_EQ(s.Attribute("id").value_or("?"), "r&1");
  EXPECT_EQ(s.Attribute("v").value_or("?"), "2");
  EXPECT_FALSE(s.Attribute("x").has_value());  // xmlns:x is not an attribute
  ASSERT_EQ(s.Next(), Token::kText);
  std::string text;
  s.AppendText(text);
  EXPECT_EQ(text, "t<1");
  ASSERT_EQ(s.Next(), Token::kStartElement);
  EXPECT_EQ(s.name(), "b");
  ASSERT_EQ(s.Next(), Token::kEndElement);
  EXPECT_EQ(s.name(), "b");
  ASSERT_EQ(s.Next(), Token::kText);
  text.clear();
  s.AppendText(text);
  EXPECT_EQ(text, "<raw&>");
  ASSERT_EQ(s.Next(), Token::kEndElement);
  EXPECT_EQ(s.name(), "a");
  EXPECT_EQ(s.Next(), Token::kEnd);
  EXPECT_TRUE(s.ok());
}

TEST(XmlScannerTest, ReportsMalformedInput) {
  for (const char* xml :
       {"<a b=\"1>", "<a><!-- x", "<a><![CDATA[x", "<a b>", "<", "<a/ >"}) {
    XmlScanner s(xml);
    while (s.Next() != Token::kEnd) {
    }
    EXPECT_FALSE(s.ok()) << xml;
  }
}

}  // namespace
}  // namespace duxing::tabular
