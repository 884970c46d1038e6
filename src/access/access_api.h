/* The HTTP side of access: session, users, tokens, audit, settings, overview. */
#ifndef LINLI_ACCESS_API_H
#define LINLI_ACCESS_API_H

void access_api_register(void);

#endif
