// The API sees the Store interface only, never a backend.
#include "store/postgres/pg_store.hpp"
