// One backend must not see the other.
#include "store/postgres/connection.hpp"
