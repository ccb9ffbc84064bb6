// Control case: the API sees the services and the formats.
#include "codec/json.hpp"
#include "service/catalog_service.hpp"
