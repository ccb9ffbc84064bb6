// The services see the Store interface only, never the SQL behind it.
#include "store/sql/sql_transaction.hpp"
