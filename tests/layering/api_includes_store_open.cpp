// Only the composition root opens stores.
#include "store/open/open.hpp"
