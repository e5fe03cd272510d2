// The question categories (a flat list ordered by path) as a tree for el-tree
// and el-tree-select: label, value, children.
import type { QuestionCategory } from './api'

export interface CategoryNode {
  value: number
  label: string
  category: QuestionCategory
  children: CategoryNode[]
}

/** Nests the categories by parent_id; a category whose parent is not listed is a root. */
export function categoryTreeOf(categories: QuestionCategory[]): CategoryNode[] {
  const nodes = new Map<number, CategoryNode>()
  for (const c of categories) nodes.set(c.id, { value: c.id, label: c.name, category: c, children: [] })
  const roots: CategoryNode[] = []
  for (const c of categories) {
    const node = nodes.get(c.id)!
    const parent = c.parent_id != null ? nodes.get(c.parent_id) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}
