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
}
