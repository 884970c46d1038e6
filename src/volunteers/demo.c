/* The demo's volunteers: filled in below. */
#include <stdio.h>

#include "volunteers/internal.h"

int volunteers_demo(struct ctx *cx)
{
	(void)cx;
	return 0;
}

void volunteers_demo_notes(void)
{
}
