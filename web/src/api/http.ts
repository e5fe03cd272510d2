// A small fetch wrapper for the duxing API.
// - sends the session cookie (credentials: 'same-origin')
// - adds X-CSRF-Token on state-changing requests
// - turns {"error":{code,message,field,details}} into an ApiError
// - on 401 calls the registered handler (which redirects to /login)
import type { ImportErrorDetail } from './types'

export const API_BASE = '/api/v1'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string
  readonly details?: ImportErrorDetail[]
  readonly retryAfter?: number

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { field?: string; details?: ImportErrorDetail[]; retryAfter?: number } = {},
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = extra.field
    this.details = extra.details
    this.retryAfter = extra.retryAfter
  }

  /**
   * A stale write: the record changed meanwhile (409 conflict on its version).
   * A 409 naming another field refuses a step in the record's state
   * ("已销号的事项不能修改" on status) and its own message is shown.
   */
  get isConflict(): boolean {
    return this.status === 409 && this.code === 'conflict' && (!this.field || this.field === 'version')
  }
}

export const CONFLICT_MESSAGE = '数据已被他人修改，请刷新后重试'

const defaultMessages: Record<number, string> = {
  400: '请求参数有误',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '记录不存在或已被删除',
  405: '不支持的操作',
  409: CONFLICT_MESSAGE,
  413: '文件过大',
  422: '操作无法完成',
  429: '操作过于频繁，请稍后再试',
  500: '服务器内部错误',
  502: '服务暂不可用，请稍后再试',
  503: '服务暂不可用，请稍后再试',
  504: '服务响应超时，请稍后再试',
}

interface HttpConfig {
  csrfToken: () => string | null | undefined
  onUnauthorized: () => void
}

let config: HttpConfig = {
  csrfToken: () => null,
  onUnauthorized: () => {},
}

/** Wire the wrapper to the auth store and router (called once from main.ts). */
export function configureHttp(c: HttpConfig): void {
  config = c
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue>

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  query?: Query
  /** JSON body (serialized, Content-Type application/json). */
  json?: unknown
  /** Raw body (e.g. a File for import); set Content-Type in headers. */
  body?: BodyInit
  headers?: Record<string, string>
  /** Do not call the 401 handler (login, session restore). */
  skipAuthRedirect?: boolean
}

export function buildUrl(path: string, query?: Query): string {
  let url = API_BASE + path
  if (query) {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue
      params.append(k, String(v))
    }
    const qs = params.toString()
    if (qs) url += (url.includes('?') ? '&' : '?') + qs
  }
  return url
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const method = opts.method ?? 'GET'
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) }
  let body: BodyInit | undefined = opts.body
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.json)
  }
  if (method !== 'GET') {
    const token = config.csrfToken()
    if (token) headers['X-CSRF-Token'] = token
  }
  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError(0, 'network', '网络错误，无法连接服务器')
  }
  if (!res.ok) {
    const err = await toApiError(res)
    if (res.status === 401 && !opts.skipAuthRedirect) config.onUnauthorized()
    throw err
  }
  return res
}

async function toApiError(res: Response): Promise<ApiError> {
  let code = 'http_' + res.status
  let message = defaultMessages[res.status] ?? `请求失败（${res.status}）`
  let field: string | undefined
  let details: ImportErrorDetail[] | undefined
  let retryAfter: number | undefined
  const header = res.headers.get('Retry-After')
  if (header && /^\d+$/.test(header)) retryAfter = Number(header)
  try {
    const text = await res.text()
    if (text) {
      const data = JSON.parse(text) as {
        error?: {
          code?: string
          message?: string
          field?: string
          details?: ImportErrorDetail[]
          retry_after?: number
        }
        retry_after?: number
      }
      const e = data.error
      if (e) {
        if (e.code) code = e.code
        if (e.message) message = e.message
        if (e.field) field = e.field
        if (Array.isArray(e.details)) details = e.details
        if (typeof e.retry_after === 'number') retryAfter = e.retry_after
      }
      if (typeof data.retry_after === 'number') retryAfter = data.retry_after
    }
  } catch {
    // not JSON: keep the default message
  }
  return new ApiError(res.status, code, message, { field, details, retryAfter })
}

/** A JSON request; 204 answers resolve to undefined. */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  if (!text) return undefined as T
  try {
    return JSON.parse(text) as T
  } catch {
    throw new ApiError(res.status, 'bad_response', '服务器返回了无法解析的数据')
  }
}

export interface DownloadedFile {
  blob: Blob
  filename: string
}

/** A request answered by a file (export, template). */
export async function download(
  path: string,
  query: Query | undefined,
  fallbackName: string,
): Promise<DownloadedFile> {
  const res = await send(path, { query, headers: { Accept: '*/*' } })
  const blob = await res.blob()
  return { blob, filename: filenameFrom(res.headers.get('Content-Disposition')) ?? fallbackName }
}

function filenameFrom(disposition: string | null): string | null {
  if (!disposition) return null
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition)
  return plain ? plain[1].trim() : null
}

/** Save a downloaded blob through a temporary link. */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob)
  const a = document.createElement('a')
  a.href = url
  a.download = file.filename
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** The message to show a person for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message
  if (e instanceof Error && e.message) return e.message
  return '操作失败'
}
