// Client of the assessments module: the question bank's import, export and
// template (/api/v1/assessments/questions/...).
import { download, request } from '@/api/http'
import type { components } from '@/api/schema'

export type QuestionImportResult = components['schemas']['QuestionImportResult']
export type QuestionType = components['schemas']['QuestionType']

export const questionTypeLabels: Record<QuestionType, string> = {
  single: '单选题',
  multiple: '多选题',
  true_false: '判断题',
  fill_blank: '填空题',
  short_answer: '简答题',
}

export const questionsApi = {
  import(orgId: number, file: Blob, contentType: string) {
    return request<QuestionImportResult>('/assessments/questions/import', {
      method: 'POST',
      query: { org_id: orgId },
      body: file,
      headers: { 'Content-Type': contentType },
    })
  },
  exportFile(orgId: number, type?: QuestionType) {
    return download('/assessments/questions/export', { org_id: orgId, type }, '题库.xlsx')
  },
  template() {
    return download('/assessments/questions/import-template', undefined, '试题导入模板.xlsx')
  },
}

