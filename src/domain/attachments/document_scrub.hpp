// Documents made anonymous before they are stored (blind review): the
// personal fields office programs write into every file they save are
// removed or blanked, never the content.
//
// .docx (ScrubDocx): rewritten entry by entry.
//   - docProps/core.xml, app.xml, custom.xml: replaced by empty property
//     sets (creator, last editor, company, manager, template, custom
//     fields gone);
//   - every other XML part: attribute values named author, initials or
//     userId (any namespace: w:author of tracked changes and comments,
//     w15:author and w15:userId in people.xml) become kNeutralAuthor;
//   - *.rels: an external relationship (TargetMode="External") points at
//     "about:blank" unless it is a hyperlink to http(s) or mailto (content
//     the author chose): remote templates, linked images (fetched when the
//     file opens) and \\host or file: paths leak nothing and fetch nothing.
//     Targets are replaced rather than the relationships dropped, so that
//     the parts naming them stay valid.
//   Entries are inflated within kMaxScrubUncompressed and kMaxScrubEntries
//   (a zip bomb is kTooLarge); linear in the inflated bytes.
//
// PDF (ScrubPdf): blanked in place, byte for byte, so that every offset of
// the cross-reference table stays right: the string values of /Title
// /Author /Subject /Keywords /Creator /Producer written in the file's plain
// bytes become spaces, and every plain XMP packet (<?xpacket ... ?>)
// becomes an empty one padded with spaces. Compressed streams are not
// rewritten: a flate-compressed object stream or XMP stream that names an
// author (/Author or dc:creator, inflated within kMaxScrubUncompressed) is
// refused (kFailedPrecondition, asking for an export without document
// properties) rather than stored with it. One pass over the bytes plus the
// inflated ones: linear.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "domain/attachments/spool.hpp"

namespace duxing::domain::attachments {

inline constexpr uint64_t kMaxScrubUncompressed = 128ull << 20;
// Entries are found by name in the central directory: quadratic in their
// number, so bounded well below the xlsx reader's 10,000.
inline constexpr int64_t kMaxScrubEntries = 2000;
inline constexpr std::string_view kNeutralAuthor = "评审稿";

// Writes the .docx at `in` to `out` without personal metadata (above).
// kFailedPrecondition on "file" when it is not a readable .docx (corrupt,
// encrypted entries, UTF-16 parts); kTooLarge when it inflates past the
// limits; kInternal when `out` cannot be written.
Status ScrubDocx(const std::string& in, const std::string& out);

// Blanks the PDF `bytes` in place (above), keeping their length.
// kFailedPrecondition on "file" when a compressed part names an author;
// kTooLarge past the limits.
Status ScrubPdf(std::string& bytes);

// A new finished SpooledFile (same name, same type, in the same folder)
// holding `file`'s bytes without personal metadata: ScrubDocx for a .docx,
// ScrubPdf for a PDF, other types copied. `file` must be finished. Errors
// as those functions'.
Result<std::unique_ptr<SpooledFile>> ScrubbedCopy(const SpooledFile& file);

}  // namespace duxing::domain::attachments
