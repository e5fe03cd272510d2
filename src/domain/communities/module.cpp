#include "domain/communities/community.hpp"

namespace duxing::domain::communities {

const ModuleInfo& Info() {
  static const ModuleInfo info{
      .name = "communities",
      .vocabularies = {{"community_kind", &kKindCodes.terms()}},
      .record_types = {{kRecordType,
                        "社区/村",
                        {{"name", "名称"},
                         {"kind", "类型"},
                         {"street", "街道/乡镇"},
                         {"archived", "已归档"}},
                        {{"kind", &kKindCodes.terms()}, {"archived", &kYesNo}},
                        {"communities", "name"}}}};
  return info;
}

}  // namespace duxing::domain::communities
