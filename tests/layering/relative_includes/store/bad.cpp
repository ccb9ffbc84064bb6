// Fixture of CTest layering_check_catches_relative_includes: includes the check must refuse.
#include "../service/context.hpp"
#include "sqlite/connection.hpp"
#include "store/../service/context.hpp"
