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
