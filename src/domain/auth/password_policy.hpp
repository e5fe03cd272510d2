// The one rule for new passwords (OWASP ASVS 4.0.3, 2.1.1-2.1.9), used by the
// server (account creation, resets, own changes) and by `duxing init`, and
// mirrored by web/src/utils/password.ts.
//
// A new password has 12 to 128 characters (Unicode code points: Chinese and
// spaces are fine), is taken exactly as typed (never trimmed or changed), needs
// no particular mix of letters, digits or symbols, and is refused when it is
// common (the generated list src/domain/auth/common_passwords.txt, compared
// without regard to ASCII case, and one character repeated) or contains the
// account's username or display name. Existing passwords are not re-checked:
// the rule applies when a password is set.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace duxing::domain::auth {

inline constexpr size_t kMinPasswordChars = 12;
inline constexpr size_t kMaxPasswordChars = 128;

// Whose password it is; empty parts are not checked.
struct PasswordOwner {
  std::string_view username;
  std::string_view display_name;
};

// Ok, or kInvalidArgument with a Chinese message naming `field`.
Status CheckNewPassword(std::string_view password, const PasswordOwner& owner = {},
                        std::string_view field = "new_password");

// True when `password` is on the common-password list (ASCII case ignored).
bool IsCommonPassword(std::string_view password);

}  // namespace duxing::domain::auth
