// The calls of Open311's console pages: the endpoint's own discovery file (no login), the API
// tokens made for Open311 (src/access: tokens.manage), the workers a key may act as, and the
// attributes of a catalog item (src/open311, docs/openapi.yaml tag open311).
import { api } from '../../shell/api/client'

// A key for Open311 is an API token whose name starts with this: open311:<client name>.
export const KEY_PREFIX = 'open311:'
// Who may submit requests (requests.write, src/access/access.c): the roles a key may act as.
export const SUBMITTER_ROLES = ['staff', 'grid_leader', 'grid_worker']

export const endpoint = {
  // [{ specification, url, changeset, type, formats }] under `endpoints`
  discovery: () => api.get('/open311/v2/discovery.json', undefined, { session: false }),
}

export const keys = {
  // The server lists every token (at most 1,000, the revoked last): Open311's are those named so.
  async list() {
    const body = await api.get('/api/v1/tokens')
    return (body.items || []).filter((k) => k.name.startsWith(KEY_PREFIX))
  },
  create: (client, userId) => api.post('/api/v1/tokens', { name: `${KEY_PREFIX}${client}`, user_id: userId }),
  revoke: (id) => api.del(`/api/v1/tokens/${id}`),
}

export const people = {
  // The workers whose name or username holds q, of every role that may submit.
  async find(q) {
    const lists = await Promise.all(SUBMITTER_ROLES.map((role) => api.get('/api/v1/users', { q: q || undefined, role, limit: 20 })))
    return lists.flatMap((b) => b.items || [])
  },
  get: (id) => api.get(`/api/v1/users/${id}`),
}

export const attributes = {
  // Not paged: an item has at most 50, in their order.
  list: (itemId) => api.get('/api/v1/open311/attributes', { item_id: itemId }),
  create: (body) => api.post('/api/v1/open311/attributes', body),
  // body: { version, ...changed fields }
  update: (id, body) => api.patch(`/api/v1/open311/attributes/${id}`, body),
  remove: (id, version) => api.del(`/api/v1/open311/attributes/${id}`, { query: { version } }),
}

// GeoReport v2's datatypes, in the spec's order.
export const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']
export const isList = (datatype) => datatype === 'singlevaluelist' || datatype === 'multivaluelist'
