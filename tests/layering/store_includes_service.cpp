// The store layer must not see the services above it (CTest layering_store_includes_service).
#include "service/request_context.hpp"
