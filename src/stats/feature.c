/* stats: what the dashboard's figures hand the program. */
#include "app/feature.h"
#include "stats/stats.h"

const struct feature stats_feature = {
	.name = "stats", .routes = stats_api_register,
};
