// The services see the Store interface only, never a backend.
#include "store/sqlite/sqlite_store.hpp"
