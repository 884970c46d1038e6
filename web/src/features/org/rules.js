// The rules of the org tree as the server applies them (src/org/code.c), so a form can offer
// only what fits and pre-fill a code; the server checks everything again.
//   street     at the top; 9 digits (a 6-digit GB/T 2260 county code and 3 digits)
//   community  under a street, or at the top; the parent's code and 3 digits (12)
//   compound   under a community; the community's code, "C" and 3 digits (16)
//   grid       under a community; the parent's code and 3 digits (15)
//   microgrid  under a grid; the parent's code and 3 digits (18)
// Under a unit whose code is not standard (release 0.1.0's free-form codes) any code of
// letters, digits and '-' (1-32) is taken.
import { session } from '../../shell/api/session'

export const KINDS = {
  street: { parent: null, root: true, len: 9, infix: '' },
  community: { parent: 'street', root: true, len: 12, infix: '' },
  compound: { parent: 'community', root: false, len: 16, infix: 'C' },
  grid: { parent: 'community', root: false, len: 15, infix: '' },
  microgrid: { parent: 'grid', root: false, len: 18, infix: '' },
}
export const KIND_ORDER = ['street', 'community', 'compound', 'grid', 'microgrid']

// Where buildings stand (places with unit_id).
export const PLACE_UNITS = ['compound', 'grid', 'microgrid']

// The kinds that may hang under `parent` (null: at the top).
export function kindsUnder(parent) {
  return KIND_ORDER.filter((k) => (parent ? KINDS[k].parent === parent.kind : KINDS[k].root))
}

export function fits(kind, parent) {
  return kindsUnder(parent).includes(kind)
}

export function isStandard(unit) {
  const k = unit && KINDS[unit.kind]
  return !!k && unit.code.length === k.len && /^\d{6}/.test(unit.code)
}

// Which rule a code follows: street, community (at the top), child (parent + 3 digits),
// compound (parent + C + 3 digits), free (free-form).
export function codeRule(kind, parent) {
  if (!parent) return kind === 'street' ? 'street' : 'community'
  if (!isStandard(parent)) return 'free'
  return KINDS[kind] && KINDS[kind].infix ? 'compound' : 'child'
}

// The parent's code and the next free 3-digit number after those its children (open or
// closed) already use; '' when there is no parent or its code is free-form.
export function nextCode(kind, parent, all) {
  if (!parent || !isStandard(parent) || !KINDS[kind]) return ''
  const prefix = parent.code + KINDS[kind].infix
  const used = new Set()
  for (const u of all) {
    if (u.code.length === prefix.length + 3 && u.code.startsWith(prefix) && /^\d{3}$/.test(u.code.slice(prefix.length))) {
      used.add(Number(u.code.slice(prefix.length)))
    }
  }
  let n = used.size ? Math.max(...used) + 1 : 1
  if (n > 999) for (n = 1; n <= 999 && used.has(n); n++);
  return n > 999 ? '' : prefix + String(n).padStart(3, '0')
}

// The code a unit takes when it moves under `parent` without a code given (its last three
// digits after the new parent's code), or '' when the server would keep it.
export function movedCode(unit, parent) {
  if (!isStandard(unit) || !isStandard(parent)) return ''
  return parent.code + KINDS[unit.kind].infix + unit.code.slice(-3)
}

// Who may do what, as the server's roles give it (src/access/access.c): units.write is the
// administrator's, users.read the administrator's, staff's and grid leaders'.
export const canWrite = () => !!session.user && session.user.role === 'admin'
export const canReadUsers = () => !!session.user && ['admin', 'staff', 'grid_leader'].includes(session.user.role)

// The units each unit holds, and a unit's path from the top: from a flat list in tree order.
export function treeIndex(list) {
  const byId = new Map(list.map((u) => [u.id, u]))
  const children = new Map()
  const roots = []
  for (const u of list) {
    if (u.parent_id && byId.has(u.parent_id)) {
      if (!children.has(u.parent_id)) children.set(u.parent_id, [])
      children.get(u.parent_id).push(u)
    } else roots.push(u)
  }
  const sort = (a, b) => a.code.localeCompare(b.code)
  roots.sort(sort)
  for (const c of children.values()) c.sort(sort)
  const path = (id) => {
    const out = []
    for (let u = byId.get(id); u; u = u.parent_id ? byId.get(u.parent_id) : null) out.unshift(u)
    return out
  }
  const below = (id) => {
    const out = []
    const walk = (pid) => { for (const c of children.get(pid) || []) { out.push(c); walk(c.id) } }
    walk(id)
    return out
  }
  return { byId, roots, children: (id) => children.get(id) || [], path, below }
}
