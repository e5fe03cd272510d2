import type { Vocabularies } from '@/api/types'

/** One column of a DataList: what a list page declares instead of table markup. */
export interface DataColumn<R> {
  key: string
  label: string
  width?: number
  minWidth?: number
  /** Cut long text with a tooltip (default true). */
  tooltip?: boolean
  /** The cell's text when it has no `cell-<key>` slot; default: row[key]. */
  text?: (row: R) => string
  /**
   * Sorted by the server: `true` sorts by the column's key, a string by that
   * sort key of the API. The header then emits `sort-change` with the sort.
   */
  sortable?: boolean | string
}

/**
 * A list's server-side order as the API spells it: a sort key, descending
 * with a leading '-' ('name', '-birth_date'); '' for the server's default.
 */
export type DataSort = string

/** One choice of a list's sort select. */
export interface SortOption {
  value: DataSort
  label: string
}

/** The sort key of a column: its `sortable` key, or its own key for `true`. */
export function columnSortKey<R>(c: DataColumn<R>): string | undefined {
  if (!c.sortable) return undefined
  return c.sortable === true ? c.key : c.sortable
}

/** The el-table order of `sort` for the sort key `key` (null when not sorted by it). */
export function tableOrder(sort: DataSort, key: string): 'ascending' | 'descending' | null {
  if (sort === key) return 'ascending'
  if (sort === `-${key}`) return 'descending'
  return null
}

/** The sort of an el-table order on the sort key `key` ('' when cleared). */
export function sortOf(key: string, order: string | null): DataSort {
  if (order === 'ascending') return key
  if (order === 'descending') return `-${key}`
  return ''
}

/** Both directions of each sortable column, for a phone's sort select. */
export function columnSortOptions<R>(columns: DataColumn<R>[]): SortOption[] {
  return columns.flatMap((c) => {
    const key = columnSortKey(c)
    return key ? [{ value: key, label: `${c.label} ↑` }, { value: `-${key}`, label: `${c.label} ↓` }] : []
  })
}

/** One choice of a select filter. */
export interface FilterOption {
  value: string | number
  label: string
}

interface FilterBase {
  /** Its key in the list's query object (v-model:query), the API's query parameter as a rule. */
  key: string
  /** What it filters by: the placeholder, or a checkbox's text. */
  label: string
  /** Its data-testid. */
  testid: string
  /** Its width on a wide screen in px (in the phone's 筛选 drawer it takes the whole width). */
  width?: number
}

/**
 * A filter a list page declares; DataList draws it (inline on a wide screen,
 * in the 筛选 drawer on a phone), binds it to `query[key]` and emits `search`
 * when it changes (a search box: on Enter or when cleared).
 * - search: a text box with a search icon;
 * - select: choices from a vocabulary the server serves (`vocabulary`) or
 *   listed (`options`); clearable unless `clearable: false`;
 * - org: an organization of the caller's tree (the org store), any level;
 * - dateRange: DateRange, with times (`withTime`) and shortcuts;
 * - check: a checkbox (含已归档).
 */
export type DataFilter = FilterBase &
  (
    | { kind: 'search' }
    | {
        kind: 'select'
        vocabulary?: keyof Vocabularies & string
        options?: FilterOption[]
        clearable?: boolean
      }
    | { kind: 'org' }
    | {
        kind: 'dateRange'
        withTime?: boolean
        shortcuts?: { text: string; value: () => Date[] }[]
        startPlaceholder?: string
        endPlaceholder?: string
      }
    | { kind: 'check' }
  )

/** The value of `f` when it is not set (what 重置 puts back). */
export function unsetFilterValue(f: DataFilter): unknown {
  switch (f.kind) {
    case 'org':
    case 'dateRange':
      return null
    case 'check':
      return false
    default:
      return ''
  }
}

/** Whether a filter value is set (counted on the phone's 筛选 button). */
export function isFilterSet(v: unknown): boolean {
  return v !== '' && v !== null && v !== undefined && v !== false
}
