#include "domain/versioned_write.hpp"

namespace duxing::domain {

Error StaleVersion() {
  return MakeError(Code::kConflict, "数据已被他人修改，请刷新后重试", "version");
}

}  // namespace duxing::domain
