#!/usr/bin/env bash
# Fails when an object of a layer includes what its layer must not, using the
# compiler's own dependency list of every object (`ninja -t deps`), since system
# headers are findable from any target whatever it links.
#
#   scripts/check-layers.sh [BUILD_DIR]     checks the objects built in BUILD_DIR
#                                           (default build/)
#   scripts/check-layers.sh --deps FILE     checks a saved `ninja -t deps` listing
#                                           (tests/layers/check_layers.test.mjs)
#
# Rules, keyed on the object's source file (the first entry of its list):
#   src/domain/**, src/jobs/**  no Boost.JSON, Boost.Beast, Boost.Asio, sqlite3.h, libpq-fe.h
#   src/api/**      no Boost.Beast, Boost.Asio
#   src/api/<m>/**  no header of src/domain/<other module>/, so that a route file
#                   does not recompile when another module's service changes;
#                   the backbone is allowed (ALLOWED below).
# Prints one line per object and broken rule (its source, the first offending
# header: the one it includes, or the outermost on the way) and exits 1;
# prints nothing and exits 0 when the build keeps to the layers.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${1:-} == --deps ]]; then
  listing=$(cat "${2:?--deps needs a file}")
else
  build=${1:-build}
  listing=$(ninja -C "$build" -t deps)
  [[ -n $listing ]] || { echo "check-layers: no dependency lists in $build (build first)" >&2; exit 2; }
fi

# Headers under src/domain/<folder>/ any module's routes may include, with why.
# (Top-level src/domain/*.hpp -- context, module, coded, vocabulary, text_field,
# import_problems -- are the backbone by place and always allowed.)
ALLOWED=(
  "domain/auth/principal.hpp"       # who is asking: every handler's Context
  "domain/auth/auth_service.hpp"    # authentication: the router's one service
  "domain/auth/login_throttle.hpp"  # included by auth_service.hpp
  "domain/audit/"                   # every module writes and shows audit records
  "domain/attachments/"             # backbone: a module declares who reads/attaches its records
  "domain/notifications/"           # backbone: any module notifies inside its writes
  "domain/campaigns/"               # backbone: every module's records belong to a campaign
)
# Route folders whose module's domain folder has another name.
MODULE_DOMAIN=(
  "accounts=auth"  # AccountService lives beside AuthService (domain/auth/account_service.hpp)
)
# Objects exempt from the module rule: test hooks (only under --test-hooks)
# reach into modules to set up states.
EXEMPT=(
  "src/api/system/test_hook_routes.cpp"
)

awk -v allowed="${ALLOWED[*]}" -v mapping="${MODULE_DOMAIN[*]}" -v exempt="${EXEMPT[*]}" '
  BEGIN {
    n_allowed = split(allowed, allow, " ")
    n = split(mapping, pairs, " ")
    for (i = 1; i <= n; i++) { split(pairs[i], kv, "="); domain_of[kv[1]] = kv[2] }
    n = split(exempt, ex, " ")
    for (i = 1; i <= n; i++) is_exempt[ex[i]] = 1
    bad = 0
  }
  function rel(path) {  # "../src/x" or "/abs/.../src/x" -> "src/x"
    sub(/^.*\/src\//, "src/", path); sub(/^\.\.\//, "", path); return path
  }
  function report(header, why) {  # once per object and rule: the first header
    if ((source, why) in seen) return
    seen[source, why] = 1
    printf "check-layers: %s includes %s (%s)\n", source, header, why
    bad = 1
  }
  /^[^ \t].*: #deps / { source = ""; first = 1; next }
  /^[ \t]+/ {
    path = $1
    if (first) {
      first = 0
      source = rel(path)
      layer = ""; module = ""
      if (source ~ /^src\/(domain|jobs)\//) layer = "domain"
      else if (source ~ /^src\/api\//) {
        layer = "api"
        if (source ~ /^src\/api\/[^\/]+\// && !(source in is_exempt)) {
          split(source, parts, "/"); module = parts[3]
          own = (module in domain_of) ? domain_of[module] : module
        }
      }
      next
    }
    if (layer == "") next
    if (path ~ /\/boost\/(beast|asio)(\/|\.hpp$)/) report(path, "no Beast/Asio outside src/http/")
    if (layer == "domain") {
      if (path ~ /\/boost\/json(\/|\.hpp$)/) report(path, "no Boost.JSON in the domain")
      if (path ~ /\/(sqlite3|libpq-fe)\.h$/) report(path, "no SQL driver in the domain; use storage/database.hpp")
    }
    if (module != "" && match(path, /(^|\/)src\/domain\/[^\/]+\/[^\/]+$/)) {
      header = rel(path); sub(/^src\//, "", header)
      split(header, hp, "/")
      if (hp[2] == own) next
      for (i = 1; i <= n_allowed; i++) {
        a = allow[i]
        if (header == a || (a ~ /\/$/ && index(header, a) == 1)) next
      }
      report(header, "a service of domain/" hp[2] "/; routes of " module " may use domain/" own "/ and the backbone")
    }
  }
  END { exit bad }
' <<<"$listing"
