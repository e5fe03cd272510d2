import { buildUrl, request } from './http'
import type { ListResult } from './types'

export interface Attachment {
  id: number
  file_name: string
  media_type: string
  size: number
  record_type: string
  record_id: number | null
  uploaded_by: number
  created_at: string
  attached_at: string | null
  is_image: boolean
}

export interface AttachmentLimits {
  /** Largest file per kind (image, pdf, office, text), in bytes. */
  max_bytes: Record<'image' | 'pdf' | 'office' | 'text', number>
  max_files: number
}

export const attachmentsApi = {
  list(recordType: string, recordId: number) {
    return request<ListResult<Attachment>>('/attachments', {
      query: { record_type: recordType, record_id: recordId },
    })
  },
  limits() {
    return request<AttachmentLimits>('/attachments/limits')
  },
  /** Uploads files (field "file", one part each) to a record. */
  upload(recordType: string, recordId: number, files: File[]) {
    const form = new FormData()
    for (const f of files) form.append('file', f, f.name)
    return request<ListResult<Attachment>>('/attachments', {
      method: 'POST',
      query: { record_type: recordType, record_id: recordId },
      body: form,
    })
  },
  remove(id: number) {
    return request<void>(`/attachments/${id}`, { method: 'DELETE' })
  },
  contentUrl(id: number) {
    return buildUrl(`/attachments/${id}/content`)
  },
  thumbnailUrl(id: number) {
    return buildUrl(`/attachments/${id}/thumbnail`)
  },
}
