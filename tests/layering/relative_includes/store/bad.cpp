// Fixture of CTest layering_check_catches_relative_includes: includes the check must refuse.
#include "../service/request_context.hpp"
#include "sqlite/connection.hpp"
#include "store/../service/request_context.hpp"
