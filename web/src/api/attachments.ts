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

// The server takes at most two uploads of one account at once (serve
// --uploads-per-account; 429 past it), and el-upload sends one request per
// file: the third file of a selection waits here for a turn.
const UPLOADS_AT_ONCE = 2
let uploadsInFlight = 0
const waitingUploads: (() => void)[] = []

async function uploadTurn(): Promise<void> {
  if (uploadsInFlight < UPLOADS_AT_ONCE) {
    uploadsInFlight++
    return
  }
  await new Promise<void>((resolve) => waitingUploads.push(resolve)) // the slot is handed over
}

function uploadDone(): void {
  const next = waitingUploads.shift()
  if (next) next()
  else uploadsInFlight--
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
  /**
   * Uploads files (field "file", one part each) to a record, or pending (no
   * record id: only the uploader sees them until the record is created with
   * them); at most two such requests at once.
   */
  async upload(recordType: string, recordId: number | undefined, files: File[]) {
    const form = new FormData()
    for (const f of files) form.append('file', f, f.name)
    await uploadTurn()
    try {
      return await request<ListResult<Attachment>>('/attachments', {
        method: 'POST',
        query: { record_type: recordType, record_id: recordId },
        body: form,
      })
    } finally {
      uploadDone()
    }
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
