// THE list of features. Adding one is its folder (features/<name>/, with an index.js that
// exports { name, routes, messages }) and one line here; the router, the menu and the
// strings follow. The order here does not matter: the menu follows each route's meta.order.
import org from './org'
import access from './access'
import stats from './stats'
import party from './party'
import visits from './visits'
import registry from './registry'
import calendar from './calendar'
import catalog from './catalog'
import requests from './requests'
import notices from './notices'
import volunteers from './volunteers'
import points from './points'
import shifts from './shifts'
import certificates from './certificates'
import honours from './honours'
import open311 from './open311'
import hotline from './hotline'
import notify from './notify'
import attachments from './attachments'

export default [org, access, stats, party, visits, registry, calendar, catalog, requests, notices, volunteers, points, shifts, certificates, honours, open311, hotline, notify, attachments]
