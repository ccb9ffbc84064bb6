// Control case: the API sees the services and the formats.
#include "service/catalog_service.hpp"
#include "codec/json.hpp"
