// An incremental multipart/form-data reader (RFC 7578) for streamed upload
// bodies: fed the body in chunks of any size, it hands each part's headers
// and data to a PartHandler as they arrive and never holds a whole part.
//
// Linear in its input: the delimiter ("\r\n--" boundary) is found with a
// Knuth-Morris-Pratt automaton that carries its state across chunks, so no
// byte is looked at twice whatever the chunking; part headers are bounded
// (kMaxPartHeaderBytes) and scanned once; parts are counted (max_parts).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace duxing::api {

// The headers of one part that matter for uploads.
struct PartHeaders {
  std::string name;          // the form field ("file")
  std::string file_name;     // as sent (filename*= UTF-8 preferred); empty for plain fields
  bool has_file_name = false;
  std::string content_type;  // as declared by the client (never trusted)
};

// Receives the parts of a body in order: Begin, Data (zero or more times),
// End, for each part. An error stops the reading; the parser returns it.
class PartHandler {
 public:
  virtual ~PartHandler() = default;
  virtual Status BeginPart(const PartHeaders& headers) = 0;
  virtual Status PartData(std::string_view bytes) = 0;
  virtual Status EndPart() = 0;
};

inline constexpr size_t kMaxPartHeaderBytes = 8 << 10;

class MultipartReader {
 public:
  // `boundary` as taken from the Content-Type (1 to 70 characters, see
  // BoundaryOf). At most `max_parts` parts; more is kInvalidArgument.
  MultipartReader(std::string_view boundary, PartHandler& handler, size_t max_parts);

  // Takes the next bytes of the body. Errors (kInvalidArgument for a body
  // that is not multipart, kTooLarge for headers past kMaxPartHeaderBytes, or
  // the handler's) are final: later calls return the same error.
  Status Feed(std::string_view chunk);
  // The body has ended: kInvalidArgument unless the closing delimiter came.
  Status Finish();

  size_t parts() const { return parts_; }

 private:
  enum class State { kPreamble, kAfterDelimiter, kHeaders, kData, kEpilogue, kFailed };
  Status Fail(Error e);
  // Runs the delimiter automaton over `chunk` from `pos`; data bytes before
  // a delimiter go to the handler when `in_part`. Returns the position after
  // the delimiter, or chunk.size() when none ended in this chunk.
  Result<size_t> ScanData(std::string_view chunk, size_t pos, bool in_part, bool& found);
  // Emits the first `n` bytes of (held delimiter prefix + chunk[from..]).
  Status EmitData(size_t held, std::string_view chunk, size_t from, size_t n);
  Status HeadersDone();

  std::string delimiter_;     // "\r\n--" + boundary
  std::vector<size_t> fail_;  // KMP failure function of delimiter_
  size_t matched_ = 2;        // the body's start counts as following a CRLF
  PartHandler& handler_;
  size_t max_parts_;
  size_t parts_ = 0;
  State state_ = State::kPreamble;
  std::string after_;         // bytes after a delimiter ("--" or "\r\n")
  std::string headers_;       // the current part's header block
  Error error_;
};

// The boundary parameter of a multipart/form-data Content-Type (quotes
// removed); kInvalidArgument when the type is another or the boundary is
// missing, empty, longer than 70 characters or not of RFC 2046's characters.
Result<std::string> BoundaryOf(std::string_view content_type);

}  // namespace duxing::api
