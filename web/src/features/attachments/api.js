// The attachments API (src/attachments on the server, docs/openapi.yaml tag attachments).
import { api, upload } from '../../shell/api/client'

export const attachments = {
  list: (entity, entityId) => api.get('/api/v1/attachments', { entity, entity_id: entityId }),
  // a multipart form: the browser writes its boundary
  add: (entity, entityId, file, onProgress) => {
    const form = new FormData()
    form.append('entity', entity)
    form.append('entity_id', String(entityId))
    form.append('file', file, file.name || 'photo.jpg')
    return upload('/api/v1/attachments', null, form, { onProgress })
  },
  remove: (id) => api.del(`/api/v1/attachments/${id}`),
}

// What a thing holds at most (the server's limit attachment.per_entity).
export const PER_ENTITY = 20
