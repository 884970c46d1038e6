// The party service API (src/party on the server).
import { api } from '../../shell/api/client'

export const party = {
  units: (q = {}) => api.get('/api/v1/party/units', q),
  createUnit: (body) => api.post('/api/v1/party/units', body),
  updateUnit: (id, patch) => api.patch(`/api/v1/party/units/${id}`, patch),
  closeUnit: (id, version) => api.post(`/api/v1/party/units/${id}/close`, { version }),
  reopenUnit: (id, version) => api.post(`/api/v1/party/units/${id}/reopen`, { version }),
  members: (unitId, q = {}) => api.get(`/api/v1/party/units/${unitId}/members`, q),
  addMember: (unitId, body) => api.post(`/api/v1/party/units/${unitId}/members`, body),
  endMember: (id, body) => api.post(`/api/v1/party/members/${id}/end`, body),
  addLink: (memberId, body) => api.post(`/api/v1/party/members/${memberId}/links`, body),
  endLink: (id, body) => api.post(`/api/v1/party/links/${id}/end`, body),
  myHouseholds: () => api.get('/api/v1/party/my-households'),
  users: (q) => api.get('/api/v1/users', { q, limit: 20 }),
  households: (unitId, q) => api.get('/api/v1/households', { unit_id: unitId, q: q || undefined, limit: 20 }),
}

// The five levels, top down (社区党委/党总支 → 小区党支部 → 楼院党小组 → 党员中心户 → 党员先锋岗),
// and the org-unit kinds each may belong to (src/party/units.c).
export const LEVELS = ['committee', 'branch', 'group', 'centre_household', 'vanguard_post']
export const KINDS_OF_LEVEL = {
  committee: ['street', 'community'],
  branch: ['compound', 'grid'],
  group: ['compound', 'grid', 'microgrid'],
  centre_household: ['compound', 'grid', 'microgrid'],
  vanguard_post: ['compound', 'grid', 'microgrid'],
}

// The nodes as a forest: a node whose parent is not visible is a root.
export function buildTree(items) {
  const byId = new Map(items.map((u) => [u.id, { ...u, children: [] }]))
  const roots = []
  for (const u of byId.values()) {
    const p = u.parent_id && byId.get(u.parent_id)
    if (p) p.children.push(u)
    else roots.push(u)
  }
  return roots
}
