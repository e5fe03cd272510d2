// Boost.JSON compiled into the json_body fuzz target (instead of linking the
// uninstrumented libboost_json), so that the fuzzer sees the parser's
// coverage too.
#include <boost/json/src.hpp>
