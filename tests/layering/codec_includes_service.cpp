// The formats must not see the services.
#include "service/request_context.hpp"
