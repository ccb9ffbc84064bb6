// The formats must not see the services.
#include "service/context.hpp"
