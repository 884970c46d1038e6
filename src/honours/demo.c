/* The demo's household points and honours. */
#include "honours/internal.h"

int honours_demo(struct ctx *cx)
{
	(void)cx;
	return 0;
}
