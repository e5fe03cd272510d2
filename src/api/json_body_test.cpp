#include "api/json_body.hpp"

#include <gtest/gtest.h>

#include <string>

namespace duxing::api {
namespace {

JsonBody Parsed(std::string_view text) {
  auto body = JsonBody::Parse(text);
  EXPECT_TRUE(body.ok()) << text << ": " << body.error().message;
  if (!body.ok()) std::abort();
  return std::move(body).value();
}

// Expects an invalid_argument error naming `field`.
template <typename T>
void ExpectInvalid(const Result<T>& r, const std::string& field,
                   const std::string& message_part = "") {
  ASSERT_FALSE(r.ok()) << "expected an error for " << field;
  EXPECT_EQ(r.error().code, Code::kInvalidArgument);
  EXPECT_EQ(r.error().field, field);
  EXPECT_FALSE(r.error().message.empty());
  if (!message_part.empty()) {
    EXPECT_NE(r.error().message.find(message_part), std::string::npos)
        << r.error().message;
  }
}

TEST(JsonBodyTest, RefusesMalformedJson) {
  for (const char* bad : {"", "{", "{\"a\":1,}", "{'a':1}", "{\"a\":}", "nul",
                          "{\"a\":1}x", "{\"a\":01}", "{\"a\":NaN}"}) {
    auto r = JsonBody::Parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, Code::kInvalidArgument);
    EXPECT_EQ(r.error().message, "请求体不是有效的 JSON") << bad;
    EXPECT_EQ(r.error().field, "");
  }
}

TEST(JsonBodyTest, RefusesInvalidUtf8) {
  auto r = JsonBody::Parse("{\"name\":\"\xC0\xAF\"}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Code::kInvalidArgument);
}

TEST(JsonBodyTest, RefusesNonObjects) {
  for (const char* bad : {"[]", "[{\"a\":1}]", "1", "\"s\"", "null", "true"}) {
    auto r = JsonBody::Parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, Code::kInvalidArgument);
    EXPECT_EQ(r.error().message, "请求体应为 JSON 对象") << bad;
  }
}

TEST(JsonBodyTest, RefusesAKeyAnObjectRepeatsNamingItsPath) {
  // Each body, the field named and (the same path) in the message.
  const struct {
    const char* body;
    const char* field;
  } kRepeats[] = {
      {R"({"a":1,"a":2})", "a"},
      {R"({"a":1,"b":{"c":1,"c":1}})", "b.c"},
      {R"({"items":[{"id":1},{"id":2,"id":3}]})", "items[1].id"},
      {R"({"title":"x","speakers":[{"title":"a","title":"b"}]})", "speakers[0].title"},
      // Scalars, arrays and objects before it all count as elements.
      {R"({"a":[1,"x",null,true,1.5,[2,[3]],{"k":1},{"k":1,"k":2}]})", "a[7].k"},
      {R"({"a":[[{"k":1}],[{"k":1},{"j":{"k":1,"k":2}}]]})", "a[1][1].j.k"},
      // The same key once the escapes are read.
      {R"({"ab":1,"a\u0062":2})", "ab"},
  };
  for (const auto& r : kRepeats) {
    SCOPED_TRACE(r.body);
    auto parsed = JsonBody::Parse(r.body);
    ExpectInvalid(parsed, r.field, std::string("字段 ") + r.field + " 重复出现");
  }
  // A key too long to name is not named, on a path or not.
  std::string long_key(65, 'k');
  for (const std::string& body : {"{\"" + long_key + "\":1,\"" + long_key + "\":2}",
                                  "{\"" + long_key + "\":[{\"a\":1,\"a\":2}]}"}) {
    ExpectInvalid(JsonBody::Parse(body), "", "请求体中有重复的字段");
  }
  // The same key in different objects is not a repeat.
  EXPECT_TRUE(JsonBody::Parse(R"({"a":{"a":1},"b":[{"a":1},{"a":2}],"c":{"a":{"a":0}}})").ok());
}

TEST(JsonBodyTest, LimitsNestingDepth) {
  auto nested = [](int depth) {  // an object holding depth-1 nested arrays
    return "{\"a\":" + std::string(depth - 1, '[') +
           std::string(depth - 1, ']') + "}";
  };
  EXPECT_TRUE(JsonBody::Parse(nested(10)).ok());
  EXPECT_TRUE(JsonBody::Parse(nested(32)).ok());
  auto deep = JsonBody::Parse(nested(33));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().code, Code::kInvalidArgument);
  EXPECT_FALSE(JsonBody::Parse(nested(10000)).ok());  // and no stack overflow
}

TEST(JsonBodyTest, EmptyObjectFinishes) {
  JsonBody body = Parsed("{}");
  EXPECT_TRUE(body.Finish().ok());
}

TEST(JsonBodyTest, RequiredStringReadsTrimmedText) {
  JsonBody body = Parsed("{\"name\":\"  张三\\u3000\",\"post\":\"科员\"}");
  auto name = body.RequiredString("name", 50);
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, "张三");
  auto post = body.RequiredString("post", 50);
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(*post, "科员");
  EXPECT_TRUE(body.Finish().ok());
}

TEST(JsonBodyTest, RequiredStringMissingOrNullNamesTheField) {
  JsonBody body = Parsed("{\"b\":null}");
  ExpectInvalid(body.RequiredString("a", 10), "a", "缺少必填字段 a");
  ExpectInvalid(body.RequiredString("b", 10), "b", "缺少必填字段 b");
}

TEST(JsonBodyTest, StringsRefuseOtherTypes) {
  JsonBody body = Parsed(R"({"n":1,"b":true,"a":["x"],"o":{"x":1},"d":1.5})");
  for (const char* f : {"n", "b", "a", "o", "d"}) {
    ExpectInvalid(body.RequiredString(f, 10), f, "应为字符串");
  }
}

TEST(JsonBodyTest, ArraysOfIntsAndStringsAreBoundedAndTyped) {
  JsonBody body = Parsed(R"({"ids":[3,1],"kinds":[" branch ","group"],"none":null,)"
                         R"("mixed":[1,"2"],"many":[1,2,3],"long":["abcdef"],"obj":{"a":1}})");
  auto ids = body.OptionalIntArray("ids", 5);
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(**ids, (std::vector<int64_t>{3, 1}));
  auto kinds = body.OptionalStringArray("kinds", 5, 10);
  ASSERT_TRUE(kinds.ok());
  EXPECT_EQ(**kinds, (std::vector<std::string>{"branch", "group"}));
  auto absent = body.OptionalIntArray("absent", 5);
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
  // The array itself wrong: named on the array; one element wrong: on it.
  ExpectInvalid(body.OptionalIntArray("none", 5), "none", "字段 none 应为整数数组");
  ExpectInvalid(body.OptionalIntArray("mixed", 5), "mixed[1]", "字段 mixed[1] 应为整数");
  ExpectInvalid(body.OptionalIntArray("many", 2), "many", "字段 many 最多 2 项");
  ExpectInvalid(body.OptionalStringArray("long", 5, 5), "long[0]", "字段 long[0] 不能超过 5 个字");
  ExpectInvalid(body.OptionalStringArray("obj", 5, 5), "obj", "字段 obj 应为字符串数组");
  ExpectInvalid(body.OptionalStringArray("ids", 5, 5), "ids[0]", "字段 ids[0] 应为字符串");
}

TEST(JsonBodyTest, IdArraysHoldPositiveIntegersOnly) {
  JsonBody body = Parsed(R"({"ids":[3,1],"zero":[1,0],"negative":[-2],"text":[1,2,"3"]})");
  auto ids = body.OptionalIdArray("ids", 5);
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(**ids, (std::vector<int64_t>{3, 1}));
  for (const auto& [f, at] : {std::pair{"zero", "zero[1]"}, std::pair{"negative", "negative[0]"},
                              std::pair{"text", "text[2]"}}) {
    ExpectInvalid(body.OptionalIdArray(f, 5), at, std::string("字段 ") + at + " 应为编号");
  }
}

TEST(JsonBodyTest, StringArraysMayKeepTheTextAsSent) {
  JsonBody body = Parsed(R"({"answers":[" 甲 ","乙"]})");
  auto answers = body.OptionalStringArray("answers", 5, 10, JsonBody::Spaces::kKeep);
  ASSERT_TRUE(answers.ok());
  EXPECT_EQ(**answers, (std::vector<std::string>{" 甲 ", "乙"}));
}

struct Pair {
  int64_t id = 0;
  std::string name;
};

// Reads {"id", "name"?, "tags"?, "more"?: [{"id", ...}]}; an id below 1 is
// the caller's own refusal, named by its bare key.
Result<Pair> ReadPair(JsonBody& item) {
  Pair p;
  DX_ASSIGN_OR_RETURN(p.id, item.RequiredInt("id"));
  if (p.id < 1) return MakeError(Code::kInvalidArgument, "编号须为正数", "id");
  DX_ASSIGN_OR_RETURN(auto name, item.OptionalString("name", 4));
  p.name = name.value_or("");
  DX_ASSIGN_OR_RETURN(auto tags, item.OptionalStringArray("tags", 4, 4));
  DX_ASSIGN_OR_RETURN(auto more, item.OptionalObjectArray<Pair>("more", 4, "对象数组", ReadPair));
  return p;
}

TEST(JsonBodyTest, ArraysOfObjectsReadEachAsAStrictBodyNamingTheItem) {
  JsonBody body = Parsed(R"({"ok":[{"id":1,"name":" 张三 "},{"id":2}],"many":[{"id":1},{"id":2}],)"
                         R"("scalar":[{"id":1},3],"missing":[{"id":1},{"name":"李四"}],)"
                         R"("extra":[{"id":1,"age":3}],"long":[{"id":1,"name":"张三李四王"}],)"
                         R"("wrongtype":[{"id":1},{"id":"2"}],"nested":[{"id":1,"tags":["a",2]}],)"
                         R"("deeper":[{"id":1,"more":[{"id":1},{}]}],"own":[{"id":-1}],)"
                         R"("notarray":{"id":1}})");
  auto ok = body.OptionalObjectArray<Pair>("ok", 5, "对象数组", ReadPair);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  ASSERT_EQ((*ok)->size(), 2u);
  EXPECT_EQ((**ok)[0].name, "张三");
  EXPECT_EQ((**ok)[1].id, 2);
  auto absent = body.OptionalObjectArray<Pair>("absent", 5, "对象数组", ReadPair);
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
  // Each refusal: the key read, its bound, the field named and the message.
  const struct {
    const char* key;
    size_t max;
    const char* field;
    const char* message;
  } kRefused[] = {{"many", 1, "many", "字段 many 最多 1 项"},
                  {"scalar", 5, "scalar[1]", "字段 scalar[1] 应为对象数组中的对象"},
                  {"missing", 5, "missing[1].id", "缺少必填字段 missing[1].id"},
                  {"extra", 5, "extra[0].age", "未知字段 extra[0].age"},
                  {"long", 5, "long[0].name", "字段 long[0].name 不能超过 4 个字"},
                  {"wrongtype", 5, "wrongtype[1].id", "字段 wrongtype[1].id 应为整数"},
                  {"nested", 5, "nested[0].tags[1]", "字段 nested[0].tags[1] 应为字符串"},
                  {"deeper", 5, "deeper[0].more[1].id", "缺少必填字段 deeper[0].more[1].id"},
                  {"own", 5, "own[0].id", "编号须为正数"},
                  {"notarray", 5, "notarray", "字段 notarray 应为对象数组"}};
  for (const auto& r : kRefused) {
    SCOPED_TRACE(r.key);
    ExpectInvalid(body.OptionalObjectArray<Pair>(r.key, r.max, "对象数组", ReadPair), r.field,
                  r.message);
  }
}

TEST(JsonBodyTest, OptionalArrayReadsAnyShapeNamingTheItem) {
  JsonBody body = Parsed(R"({"blanks":[["a","b"],["c"]],"bad":[["a"],[1]]})");
  auto read = [](const boost::json::value& v,
                 const std::string& at) -> Result<std::vector<std::string>> {
    if (!v.is_array()) return MakeError(Code::kInvalidArgument, "应为数组", at);
    std::vector<std::string> out;
    for (const auto& x : v.get_array()) {
      if (!x.is_string()) return MakeError(Code::kInvalidArgument, "应为文字", at);
      out.emplace_back(x.get_string());
    }
    return out;
  };
  auto blanks = body.OptionalArray<std::vector<std::string>>("blanks", 5, "数组", read);
  ASSERT_TRUE(blanks.ok());
  EXPECT_EQ(**blanks, (std::vector<std::vector<std::string>>{{"a", "b"}, {"c"}}));
  ExpectInvalid(body.OptionalArray<std::vector<std::string>>("bad", 5, "数组", read), "bad[1]",
                "应为文字");
}

TEST(JsonBodyTest, OverLongStringsCountCharactersNotBytes) {
  // Five Chinese characters are 15 bytes but five characters.
  JsonBody body =
      Parsed(R"({"a":"张三李四王","b":"张三李四王五","c":"abcdef"})");
  auto a = body.RequiredString("a", 5);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, "张三李四王");
  ExpectInvalid(body.RequiredString("b", 5), "b", "不能超过 5 个字");
  ExpectInvalid(body.OptionalString("c", 5), "c", "不能超过 5 个字");
  ExpectInvalid(body.NullableString("b", 5), "b", "不能超过 5 个字");
}

TEST(JsonBodyTest, ALabelNamesTheFieldInChinese) {
  JsonBody body = Parsed(R"({"username":"abcdef","password":1})");
  auto r = body.RequiredString("username", 5, "用户名");
  ExpectInvalid(r, "username");
  EXPECT_EQ(r.error().message, "用户名不能超过 5 个字");
  ExpectInvalid(body.RequiredPassword("password", 5, "密码"), "password", "密码应为字符串");
  ExpectInvalid(body.RequiredString("missing", 5, "姓名"), "missing", "请输入姓名");
}

TEST(JsonBodyTest, RequiredPasswordIsKeptAsSentAndCountsCharacters) {
  JsonBody body = Parsed(
      "{\"a\":\"  密码 pass\\t \",\"b\":\"密码密码密\",\"c\":\"密码密码密码\","
      "\"d\":null}");
  auto a = body.RequiredPassword("a", 64);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, "  密码 pass\t ");  // not trimmed
  auto b = body.RequiredPassword("b", 5);  // five characters, fifteen bytes
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, "密码密码密");
  ExpectInvalid(body.RequiredPassword("c", 5, "新密码"), "c", "新密码不能超过 5 个字");
  ExpectInvalid(body.RequiredPassword("d", 5, "密码"), "d", "请输入密码");
  ExpectInvalid(body.RequiredPassword("missing", 5, "原密码"), "missing", "请输入原密码");
  ExpectInvalid(body.RequiredPassword("missing", 5), "missing", "缺少必填字段 missing");
}

TEST(JsonBodyTest, RefusesEmbeddedNul) {
  JsonBody body = Parsed(R"({"a":"x\u0000y"})");
  ExpectInvalid(body.RequiredString("a", 10), "a");
}

TEST(JsonBodyTest, OptionalStringAbsentIsNulloptAndNullIsRefused) {
  JsonBody body = Parsed(R"({"b":null,"c":"x"})");
  auto a = body.OptionalString("a", 10);
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->has_value());
  ExpectInvalid(body.OptionalString("b", 10), "b", "应为字符串");
  auto c = body.OptionalString("c", 10);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, std::optional<std::string>("x"));
}

TEST(JsonBodyTest, NullableStringNullAndEmptyBothClear) {
  JsonBody body = Parsed(R"({"null":null,"empty":"","blank":"  ","x":" v "})");
  auto absent = body.NullableString("absent", 10);
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());  // leave the field as it is
  for (const char* f : {"null", "empty", "blank"}) {
    auto r = body.NullableString(f, 10);
    ASSERT_TRUE(r.ok()) << f;
    ASSERT_TRUE(r->has_value()) << f;           // present...
    EXPECT_FALSE(r->value().has_value()) << f;  // ...and cleared
  }
  auto x = body.NullableString("x", 10);
  ASSERT_TRUE(x.ok());
  ASSERT_TRUE(x->has_value());
  EXPECT_EQ(x->value(), std::optional<std::string>("v"));
  EXPECT_TRUE(body.Finish().ok());
}

TEST(JsonBodyTest, IntsRefuseFractionsStringsAndOtherTypes) {
  JsonBody body = Parsed(
      R"({"frac":1.5,"whole_double":1.0,"exp":1e2,"str":"1","bool":true,)"
      R"("arr":[1],"obj":{},"big":9223372036854775808,"null":null})");
  for (const char* f :
       {"frac", "whole_double", "exp", "str", "bool", "arr", "obj", "big"}) {
    ExpectInvalid(body.RequiredInt(f), f, "应为整数");
  }
  ExpectInvalid(body.RequiredInt("null"), "null", "缺少必填字段");
  ExpectInvalid(body.RequiredInt("missing"), "missing", "缺少必填字段");
  ExpectInvalid(body.OptionalInt("frac"), "frac", "应为整数");
  ExpectInvalid(body.OptionalInt("str"), "str", "应为整数");
  ExpectInvalid(body.OptionalInt("null"), "null", "应为整数");  // null refused
  ExpectInvalid(body.NullableInt("frac"), "frac", "应为整数");
  ExpectInvalid(body.NullableInt("str"), "str", "应为整数");
}

TEST(JsonBodyTest, IntsReadTheWholeInt64Range) {
  JsonBody body = Parsed(R"({"a":42,"b":-5,"c":0,"max":9223372036854775807,)"
                         R"("min":-9223372036854775808})");
  EXPECT_EQ(*body.RequiredInt("a"), 42);
  EXPECT_EQ(*body.RequiredInt("b"), -5);
  EXPECT_EQ(*body.RequiredInt("c"), 0);
  EXPECT_EQ(*body.RequiredInt("max"), INT64_MAX);
  EXPECT_EQ(*body.RequiredInt("min"), INT64_MIN);
  EXPECT_TRUE(body.Finish().ok());
}

TEST(JsonBodyTest, OptionalAndNullableInts) {
  JsonBody body = Parsed(R"({"a":3,"n":null,"m":7})");
  auto absent = body.OptionalInt("absent");
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
  EXPECT_EQ(*body.OptionalInt("a"), std::optional<int64_t>(3));
  auto n = body.NullableInt("n");
  ASSERT_TRUE(n.ok());
  ASSERT_TRUE(n->has_value());
  EXPECT_FALSE(n->value().has_value());
  auto m = body.NullableInt("m");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->value(), std::optional<int64_t>(7));
  auto gone = body.NullableInt("gone");
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
}

TEST(JsonBodyTest, OptionalBool) {
  JsonBody body = Parsed(R"({"t":true,"f":false,"s":"true","i":1,"n":null})");
  EXPECT_EQ(*body.OptionalBool("t"), std::optional<bool>(true));
  EXPECT_EQ(*body.OptionalBool("f"), std::optional<bool>(false));
  EXPECT_FALSE(body.OptionalBool("absent")->has_value());
  ExpectInvalid(body.OptionalBool("s"), "s", "应为布尔值");
  ExpectInvalid(body.OptionalBool("i"), "i", "应为布尔值");
  ExpectInvalid(body.OptionalBool("n"), "n", "应为布尔值");
}

TEST(JsonBodyTest, FinishNamesTheUnknownField) {
  JsonBody body = Parsed(R"({"name":"x","is_admin":true})");
  ASSERT_TRUE(body.RequiredString("name", 10).ok());
  auto done = body.Finish();
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, Code::kInvalidArgument);
  EXPECT_EQ(done.error().field, "is_admin");
  EXPECT_EQ(done.error().message, "未知字段 is_admin");
}

TEST(JsonBodyTest, AnUnknownKeyIsEchoedCutAndWithoutControlCharacters) {
  auto refusal = [](const std::string& body) {
    JsonBody parsed = Parsed(body);
    auto done = parsed.Finish();
    EXPECT_FALSE(done.ok()) << body;
    return done.ok() ? MakeError(Code::kInternal, "accepted") : done.error();
  };
  // 30,000 characters: 64 of them and "…" in the field and the message.
  Error e = refusal("{\"" + std::string(30000, 'k') + "\":1}");
  EXPECT_EQ(e.code, Code::kInvalidArgument);
  EXPECT_EQ(e.field, std::string(64, 'k') + "…");
  EXPECT_EQ(e.message, "未知字段 " + std::string(64, 'k') + "…");
  // Cut on a character boundary: 64 Chinese characters of three bytes each.
  std::string han;
  for (int i = 0; i < 100; ++i) han += "字";
  e = refusal("{\"" + han + "\":1}");
  EXPECT_EQ(e.field, han.substr(0, 64 * 3) + "…");
  // Exactly 64 characters: kept whole.
  e = refusal("{\"" + han.substr(0, 64 * 3) + "\":1}");
  EXPECT_EQ(e.field, han.substr(0, 64 * 3));
  // NUL, ESC, DEL, a C1 control (U+0085) and a bidi override (U+202E), as
  // JSON escapes and raw: each shown as U+FFFD.
  const std::string kBad = "\xEF\xBF\xBD";
  e = refusal(R"({"a\u0000b\u001b[31mc\u007fd\u0085e\u202ef":1})");
  EXPECT_EQ(e.field, "a" + kBad + "b" + kBad + "[31mc" + kBad + "d" + kBad + "e" + kBad + "f");
  EXPECT_EQ(e.message, "未知字段 " + e.field);
  // Raw in the text (C0 controls may only come escaped in JSON).
  e = refusal("{\"x\xC2\x85y\":1}");
  EXPECT_EQ(e.field, "x" + kBad + "y");
  // Inside an element: the path keeps its known part.
  JsonBody body = Parsed(R"({"items":[{"id":1,"bad\u001bkey":2}]})");
  auto items = body.OptionalObjectArray<Pair>("items", 5, "对象数组", ReadPair);
  ASSERT_FALSE(items.ok());
  EXPECT_EQ(items.error().field, "items[0].bad" + kBad + "key");
  // A repeated key is named without its control characters too.
  auto repeated = JsonBody::Parse(R"({"a\u001b":1,"a\u001b":2})");
  ASSERT_FALSE(repeated.ok());
  EXPECT_EQ(repeated.error().field, "a" + kBad);
}

TEST(JsonBodyTest, FieldsAskedForButAbsentOrFailedAreNotUnknown) {
  JsonBody body = Parsed(R"({"a":"x","b":1.5})");
  ASSERT_TRUE(body.RequiredString("a", 10).ok());
  ASSERT_FALSE(body.OptionalInt("b").ok());
  ASSERT_TRUE(body.OptionalString("c", 10).ok());
  EXPECT_TRUE(body.Finish().ok());
}

TEST(JsonBodyTest, FieldNamesAreCaseSensitive) {
  JsonBody body = Parsed(R"({"Name":"x"})");
  ExpectInvalid(body.RequiredString("name", 10), "name");
  auto done = body.Finish();
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().field, "Name");
}

}  // namespace
}  // namespace duxing::api
