// The request target of an HTTP request, as the API sees it.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace duxing::http {

// Reads an origin-form target ("/path?query", RFC 9112 3.2.1) into its
// percent-decoded path and its decoded query parameters (a parameter without
// "=" has the value ""). False, with `path` and `query` unspecified, when
// the target is not origin-form. A target of plain path characters (no
// percent sign, no query: the polls) is taken as it is, without the URL
// parser.
bool ParseOriginForm(std::string_view target, std::string& path,
                     std::multimap<std::string, std::string>& query);

}  // namespace duxing::http
