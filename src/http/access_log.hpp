// The access log: one info line per answered request, on a logger of its own
// ("access") whose lines gather in a buffer and reach stdout in blocks, one
// write for many lines instead of a write per request (at 70,000 requests a
// second that write was about 6% of the server's CPU). A block goes out when
// it holds 16 KiB, every 100 ms, and at exit; other log lines are written one
// by one as before, so an access line may show up to 100 ms after lines
// logged later, and a process killed with SIGKILL loses at most its last
// 100 ms of access lines.
#pragma once

#include <spdlog/logger.h>

namespace duxing::http {

// Registers the access logger and starts its flusher. Call once at start-up,
// before spdlog::set_level and set_pattern (which then apply to it too).
void InstallAccessLog();

// The access logger: InstallAccessLog's, else the default logger (tests that
// run a server without it). Thread-safe.
spdlog::logger &AccessLog();

} // namespace duxing::http
