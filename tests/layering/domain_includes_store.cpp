// The domain is pure rules: it must not see the store.
#include "store/store.hpp"
