// The services must not see the HTTP adapter.
#include "api/api.hpp"
