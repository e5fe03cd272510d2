#include "domain/documents/demo_documents.hpp"
#include "domain/documents/document.hpp"

namespace duxing::domain::documents {

const ModuleInfo& Info() {
  static const ModuleInfo info{.name = "documents",
                               .record_types = {{kDocumentRecordType,
                                                 "文件",
                                                 {{"campaign_id", "学习教育活动"},
                                                  {"title", "文件标题"},
                                                  {"number", "文号"},
                                                  {"issuer", "发文机关"},
                                                  {"issued_on", "发文日期"},
                                                  {"summary", "主要内容"},
                                                  {"activities", "计划活动"},
                                                  {"archived", "已归档"}},
                                                 {{"archived", &kYesNo}},
                                                 {"documents", "title"}}},
                               .demo = AddDemo};
  return info;
}

}  // namespace duxing::domain::documents
