// The API goes through the services, not the import adapter.
#include "import/estate_files.hpp"
